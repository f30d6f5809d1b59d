// The one file that reaches into ssh2's internals (pinned to ssh2 1.17.0; test/unit/ssh/ssh2-internals.test.ts
// fails when the version or the shapes used here change). ssh2's public API costs round trips the protocol does
// not need (issue 16):
//  - `client.exec` opens a channel, sends the exec request and waits for its reply before the caller may write
//    stdin; RFC 4254 lets the client send the request and the data at once (data after the request, in order),
//    so a script is one flight once the channel is open;
//  - a session channel can only be opened together with an exec; opening one ahead lets a pooled connection
//    start the next script with no open round trip;
//  - publickey auth first asks whether the key would do (RFC 4252 §7 query), then signs; sending the signed
//    request at once is equally valid and saves the query's round trip.
import type { Client, ClientChannel } from "ssh2";
import type { ParsedKey } from "ssh2";

/** The ssh2 release these internals were read from. */
export const SSH2_INTERNALS_VERSION = "1.17.0";

interface ChannelManager {
  add(value: unknown): number;
}

interface ClientProtocol {
  session(localChannel: number, initWindow: number, maxPacket: number): void;
  exec(remoteChannel: number, command: string, wantReply: boolean): void;
  authPK(username: string, key: ParsedKey, keyAlgo: string | undefined, cbSign?: (data: Buffer, cb: (signature: Buffer) => void) => void): void;
}

interface ClientInternals {
  _chanMgr: ChannelManager;
  _protocol: ClientProtocol | undefined;
}

interface ChannelInternals {
  _callbacks: ((hadError: boolean | Error) => void)[];
  outgoing: { id: number; state: string };
  subtype?: string;
  allowHalfOpen: boolean;
}

// ssh2's own window and packet size for channels it opens (lib/Channel.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MAX_WINDOW, PACKET_SIZE } = require("ssh2/lib/Channel.js") as { MAX_WINDOW: number; PACKET_SIZE: number };

/**
 * Opens a session channel with nothing requested on it yet (ssh2's openChannel for "session", lib/client.js).
 * `done` gets the channel on CHANNEL_OPEN_CONFIRMATION, or the error of a refusal or a lost connection.
 */
export function openSessionChannel(client: Client, done: (error: Error | undefined, channel?: ClientChannel) => void): void {
  const internals = client as unknown as ClientInternals;
  const wrapper = Object.assign((error: Error | undefined, channel?: ClientChannel) => done(error, channel), { type: "session" });
  const local = internals._chanMgr.add(wrapper);
  if (local === -1) return done(new Error("No free channels available"));
  if (!internals._protocol) return done(new Error("Not connected"));
  internals._protocol.session(local, MAX_WINDOW, PACKET_SIZE);
}

/** Whether a channel is open both ways (neither side has sent EOF or close). */
export function isChannelOpen(channel: ClientChannel): boolean {
  const internals = channel as unknown as { incoming: { state: string }; outgoing: { state: string } };
  return internals.incoming.state === "open" && internals.outgoing.state === "open";
}

/** How the host answered an exec request: started it, refused it, or the channel closed first (lost connection). */
export type ExecReply = "started" | "refused" | "closed";

/**
 * Sends an exec request on an open session channel without waiting for its reply (ssh2's reqExec with the wait
 * taken out): the caller may write stdin at once, and those bytes follow the request on the wire. `onReply` gets
 * "started", "refused" (CHANNEL_FAILURE: the server ran nothing, and the stdin sent behind the request went with
 * the channel) or "closed" (the channel closed before any reply, e.g. the connection died: the command may have
 * started). ssh2 calls a pending request's callback with `true` both on CHANNEL_FAILURE and when the channel
 * closes (lib/utils.js onCHANNEL_CLOSE, which marks the channel closed first); the state tells them apart.
 */
export function execWithoutWaiting(channel: ClientChannel, command: string, onReply: (reply: ExecReply) => void): void {
  const internals = channel as unknown as ChannelInternals & { _client: ClientInternals; incoming: { state: string } };
  if (internals.outgoing.state !== "open") throw new Error("Channel is not open");
  internals._callbacks.push((hadError) => {
    if (!hadError) return onReply("started");
    onReply(internals.incoming.state === "closed" ? "closed" : "refused");
  });
  // Set before the reply, as reqExec does after it: stdout and the exit status may arrive right behind the reply.
  internals.subtype = "exec";
  internals.allowHalfOpen = true;
  if (!internals._client._protocol) throw new Error("Not connected");
  internals._client._protocol.exec(internals.outgoing.id, command, true);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sendPacket } = require("ssh2/lib/protocol/utils.js") as { sendPacket: (protocol: unknown, packet: Buffer) => void };

interface PacketWriter {
  allocStart: number;
  alloc(length: number): Buffer;
  finalize(packet: Buffer): Buffer;
}

/** The connection a session channel belongs to (ssh2 keeps it as the channel's `_client`). */
export function clientOf(channel: ClientChannel): Client {
  return (channel as unknown as { _client: Client })._client;
}

/**
 * Sends SSH_MSG_IGNORE (RFC 4253 §11.2: every implementation ignores it, at any time) with an empty payload
 * string. Used for its TCP segment: it carries the ACK of what the server just sent at once, instead of after
 * the client's delayed-ACK timer (~40 ms), which a server with Nagle on (sshd for exec without a pty) waits for
 * before sending the script's output behind its exec reply.
 */
export function sendIgnore(client: Client): void {
  const protocol = (client as unknown as ClientInternals)._protocol as unknown as { _packetRW?: { write: PacketWriter } } | undefined;
  const writer = protocol?._packetRW?.write;
  if (!writer) return;
  const at = writer.allocStart;
  const packet = writer.alloc(5);
  packet[at] = 2; // SSH_MSG_IGNORE
  packet.writeUInt32BE(0, at + 1); // string data: empty
  sendPacket(protocol, writer.finalize(packet));
}

/**
 * Makes `client` send publickey requests signed at once instead of asking first whether the key would be
 * accepted. Call right after `client.connect` (which creates the protocol object); authentication starts later.
 * A key the server refuses fails the same way as after a query (USERAUTH_FAILURE), and ssh2 goes on with the
 * next key algorithm or method. Agent keys are left to ssh2 (signing there is the agent's round trip).
 */
export function signPublickeyAtOnce(client: Client): void {
  const protocol = (client as unknown as ClientInternals)._protocol;
  if (!protocol) throw new Error("signPublickeyAtOnce must be called after connect");
  const authPK = protocol.authPK.bind(protocol);
  protocol.authPK = (username, key, keyAlgo, cbSign) => {
    if (cbSign || typeof key?.sign !== "function" || !key.isPrivateKey?.()) return authPK(username, key, keyAlgo, cbSign);
    return authPK(username, key, keyAlgo, (data, cb) => {
      const signature = key.sign(data, hashOf(keyAlgo));
      // A key that cannot sign: fall back to what ssh2 does (query; its PK_OK path reports the signing error).
      if (signature instanceof Error) return authPK(username, key, keyAlgo);
      cb(signature);
    });
  };
}

/** The hash an RSA signature algorithm implies (ssh2 lib/client.js getKeyAlgos); other key types choose their own. */
function hashOf(keyAlgo: string | undefined): string | undefined {
  if (keyAlgo === "rsa-sha2-256") return "sha256";
  if (keyAlgo === "rsa-sha2-512") return "sha512";
  return undefined;
}
