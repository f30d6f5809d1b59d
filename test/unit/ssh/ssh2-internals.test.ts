// Pins what provider/ssh/ssh2-internals.ts reads from ssh2: a new ssh2 release fails here first, before the
// round-trip savings break in a way only a trace would show.
import { readFileSync } from "fs";
import { Client } from "ssh2";
import { SSH2_INTERNALS_VERSION } from "../../../provider/ssh/ssh2-internals";

test("ssh2 is the release the internals were read from", () => {
  const pkg = JSON.parse(readFileSync(require.resolve("ssh2/package.json"), "utf8")) as { version: string };
  expect(pkg.version).toBe(SSH2_INTERNALS_VERSION);
});

test("the internal shapes used are there: the channel manager, the protocol's session/exec/authPK, Channel's constants", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ChannelManager } = require("ssh2/lib/utils.js") as { ChannelManager: { prototype: Record<string, unknown> } };
  expect(typeof ChannelManager.prototype.add).toBe("function");
  expect(new Client()).toHaveProperty("_chanMgr");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Protocol = require("ssh2/lib/protocol/Protocol.js") as { prototype: Record<string, unknown> };
  for (const method of ["session", "exec", "authPK", "service"]) expect(typeof Protocol.prototype[method]).toBe("function");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const channel = require("ssh2/lib/Channel.js") as { MAX_WINDOW: number; PACKET_SIZE: number; Channel: { prototype: unknown } };
  expect(channel.MAX_WINDOW).toBe(2 * 1024 * 1024);
  expect(channel.PACKET_SIZE).toBe(32 * 1024);
  // The client reads these off the wrapper and the channel (lib/client.js openChannel, reqExec, CHANNEL_SUCCESS).
  const source = readFileSync(require.resolve("ssh2/lib/client.js"), "utf8");
  for (const needle of ["this._chanMgr = new ChannelManager(this)", "wrapper.type = type", "chan._callbacks.push(", "chan.subtype = 'exec'", "channel._callbacks.shift()(false)", "proto.authPK(username, curAuth.key, keyAlgo)"]) {
    expect(source).toContain(needle);
  }
});
