// Round trips of runScript and runConversation, counted by the tracing latency proxy (client flights, not time):
// a real ssh2 server answering in process, behind test/bench/trace-proxy.ts.
import { closeAllConnections, configurePool, runConversation, runScript } from "../../../provider/ssh";
import { TracingProxy } from "../../bench/trace-proxy";
import { generateKeyPair, TestSshServer } from "./helpers/test-server";
import { USER } from "./helpers/fixtures";
import type { Connection } from "../../../provider/types";

const key = generateKeyPair();
let server: TestSshServer;
let proxy: TracingProxy;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({ users: { [USER]: { publicKeys: [key.public] } } });
  proxy = await TracingProxy.start(server.port, 10);
});
beforeEach(() => configurePool({ idleTimeoutMs: 5000 }));
afterEach(() => closeAllConnections());
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const connection = (): Connection => ({ host: "127.0.0.1", port: proxy.port, user: USER, privateKey: key.private, hostKey: server.hostKeyLine });

/** Client flights `run` sent before it resolved. */
async function flightsOf(run: () => Promise<unknown>): Promise<number> {
  const before = proxy.flights;
  return run().then(() => proxy.flights - before);
}

test("publickey auth sends the signed request at once: one attempt, signed, no query first", async () => {
  const first = server.authAttempts.length;
  await expect(runScript(connection(), "echo ok")).resolves.toMatchObject({ stdout: "ok\n", exitCode: 0 });
  expect(server.authAttempts.slice(first)).toEqual([{ method: "publickey", username: USER, signed: true }]);
});
