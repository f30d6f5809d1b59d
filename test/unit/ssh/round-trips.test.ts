// Round trips of runScript and runConversation, counted by the tracing latency proxy (client flights, not time):
// a real ssh2 server answering in process, behind test/bench/trace-proxy.ts.
import { closeAllConnections, configurePool, runConversation, runScript } from "../../../provider/ssh";
import { TracingProxy, watchAckOnlyMessages } from "../../bench/trace-proxy";
import { generateKeyPair, TestSshServer } from "./helpers/test-server";
import { USER } from "./helpers/fixtures";
import type { Connection } from "../../../provider/types";

const key = generateKeyPair();
let server: TestSshServer;
let proxy: TracingProxy;
let unwatch: () => void;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({ users: { [USER]: { publicKeys: [key.public] } } });
  proxy = await TracingProxy.start(server.port, 10);
  unwatch = watchAckOnlyMessages(proxy);
});
beforeEach(() => configurePool({ idleTimeoutMs: 5000, spareChannels: true }));
afterEach(() => closeAllConnections());
afterAll(async () => {
  unwatch();
  await proxy.close();
  await server.close();
});

const connection = (): Connection => ({ host: "127.0.0.1", port: proxy.port, user: USER, privateKey: key.private, hostKey: server.hostKeyLine });

// Counts are asserted as upper bounds: a server chunk that happens to land between two chunks of one client
// burst splits it in the count (over-counting under load), while a flight that was really waited for is never
// missed. A regression (one round trip more) still fails.

/** Client flights `run` sent before it resolved. */
async function flightsOf(run: () => Promise<unknown>): Promise<number> {
  const mark = proxy.mark();
  return run().then(() => proxy.answeredSince(mark));
}

test("publickey auth sends the signed request at once: one attempt, signed, no query first", async () => {
  const first = server.authAttempts.length;
  await expect(runScript(connection(), "echo ok")).resolves.toMatchObject({ stdout: "ok\n", exitCode: 0 });
  expect(server.authAttempts.slice(first)).toEqual([{ method: "publickey", username: USER, signed: true }]);
});

// This server sends its NEWKEYS with the KEX reply (as OpenSSH does), so ssh2 sends NEWKEYS and the service
// request in one flight. (The simulator's ssh2 server holds its NEWKEYS until the client's: one flight more.)
test("a fresh connection and one script: 7 flights (ident, KEXINIT, KEX, NEWKEYS + service, signed auth, channel open, exec with its stdin)", async () => {
  expect(await flightsOf(() => runScript(connection(), "echo ok"))).toBeLessThanOrEqual(7);
});

test.each([[true, 1, 2], [false, 2, 3]])("pooled, spare channels %s: a script takes %i flight(s), a two-part conversation %i", async (spareChannels, script, conversation) => {
  configurePool({ spareChannels });
  await runScript(connection(), "true");
  // With a spare: the exec request with the script and EOF, on the channel opened ahead. Without: the open first.
  expect(await flightsOf(() => runScript(connection(), "echo ok"))).toBeLessThanOrEqual(script);
  // The first part goes with the exec request; the second part after the first one's sentinel.
  expect(await flightsOf(() => runConversation(connection(), "echo read; echo @@S", "@@S", () => "echo change"))).toBeLessThanOrEqual(conversation);
});
