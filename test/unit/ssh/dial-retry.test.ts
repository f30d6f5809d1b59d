import { closeAllConnections, runScript, SshConnectError, SshTimeoutError } from "../../../provider/ssh";
import type { Connection } from "../../../provider/types";
import { eventually, PASSWORD, progressLog, USER } from "./helpers/fixtures";
import { reservePort, TestSshServer } from "./helpers/test-server";

const servers: TestSshServer[] = [];

beforeAll(() => {
  delete process.env.SSH_AUTH_SOCK;
});
afterEach(async () => {
  await closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(port = 0): Promise<TestSshServer> {
  const server = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } }, port });
  servers.push(server);
  return server;
}

function connectionToPort(port: number, overrides: Partial<Connection> = {}): Connection {
  return { host: "127.0.0.1", port, user: USER, password: PASSWORD, insecureSkipHostKeyCheck: true, ...overrides };
}

test("a host that starts listening late is reached after retries with 100 ms ×1.5 backoff", async () => {
  const port = await reservePort();
  const { messages, onProgress } = progressLog();
  let starting: Promise<TestSshServer> | undefined;
  const result = await runScript(connectionToPort(port), "echo up", {
    onProgress: (message) => {
      onProgress(message);
      if (messages.length === 3) starting = startServer(port);
    },
  });
  expect(result.stdout).toBe("up\n");
  const refused = `connect ECONNREFUSED 127.0.0.1:${port}`;
  expect(messages.slice(0, 3)).toEqual([
    `Dial 1/10 to root@127.0.0.1:${port} failed: ${refused}; retrying in 100 ms`,
    `Dial 2/10 to root@127.0.0.1:${port} failed: ${refused}; retrying in 150 ms`,
    `Dial 3/10 to root@127.0.0.1:${port} failed: ${refused}; retrying in 225 ms`,
  ]);
  expect((await starting)?.connections).toBe(1);
});

test.each([
  [1, "1 attempt"],
  [3, "3 attempts"],
])("dialErrorLimit %i exhausted gives SshConnectError naming host, attempts and cause", async (limit, attempts) => {
  const port = await reservePort();
  const { messages, onProgress } = progressLog();
  const error = await runScript(connectionToPort(port, { dialErrorLimit: limit }), "true", { onProgress }).catch((e: Error) => e);
  expect(error).toMatchObject({
    name: "SshConnectError",
    message: `could not connect to root@127.0.0.1:${port} after ${attempts}: connect ECONNREFUSED 127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    user: USER,
    attempts: limit,
  });
  expect(error).toBeInstanceOf(SshConnectError);
  expect((error as SshConnectError).cause).toMatchObject({ code: "ECONNREFUSED" });
  expect(messages).toHaveLength(limit);
  expect(messages.at(-1)).toMatch(new RegExp(`^Dial ${limit}/${limit} to root@127\\.0\\.0\\.1:${port} failed: .*; giving up$`));
});

test("dialErrorLimit -1 retries without limit and numbers attempts without a total", async () => {
  const port = await reservePort();
  const { messages, onProgress } = progressLog();
  let starting: Promise<TestSshServer> | undefined;
  await runScript(connectionToPort(port, { dialErrorLimit: -1 }), "true", {
    onProgress: (message) => {
      onProgress(message);
      if (messages.length === 2) starting = startServer(port);
    },
  });
  await starting;
  expect(messages[1]).toBe(`Dial 2 to root@127.0.0.1:${port} failed: connect ECONNREFUSED 127.0.0.1:${port}; retrying in 150 ms`);
});

test("a host that accepts TCP but does not finish the SSH handshake within perDialTimeout fails after one attempt", async () => {
  const server = await startServer();
  server.handshakeDelayMs = 2000;
  const { messages, onProgress } = progressLog();
  const error = await runScript(connectionToPort(server.port, { perDialTimeout: 0.2, dialErrorLimit: 5 }), "true", { onProgress })
    .catch((e: Error) => e);
  expect(error).toMatchObject({ name: "SshConnectError", attempts: 1 });
  expect((error as Error).message).toContain(`could not connect to root@127.0.0.1:${server.port} after 1 attempt: the host accepted the TCP connection but did not complete the SSH handshake within 200 ms (perDialTimeout)`);
  expect(messages).toEqual([expect.stringMatching(/^Dial 1\/5 .* did not complete the SSH handshake .*; giving up$/)]);
  expect(server.connections).toBe(1);
});

test("refusals before a silent answer are retried, the silence is not", async () => {
  const port = await reservePort();
  const { messages, onProgress } = progressLog();
  let starting: Promise<TestSshServer> | undefined;
  const error = await runScript(connectionToPort(port, { perDialTimeout: 0.2 }), "true", {
    onProgress: (message) => {
      onProgress(message);
      if (messages.length === 2) starting = startServer(port).then((server) => Object.assign(server, { handshakeDelayMs: 5000 }));
    },
  }).catch((e: Error) => e);
  expect(error).toMatchObject({ name: "SshConnectError" });
  expect((error as Error).message).toMatch(/did not complete the SSH handshake/);
  expect(messages.at(-1)).toMatch(/giving up$/);
  expect((await starting)?.connections).toBe(1);
});

test("the overall timeout stops a dial that would otherwise go on", async () => {
  const server = await startServer();
  server.handshakeDelayMs = 60_000;
  const error = await runScript(connectionToPort(server.port, { perDialTimeout: 0 }), "true", { timeoutMs: 300 }).catch((e: Error) => e);
  expect(error).toBeInstanceOf(SshTimeoutError);
  expect(error).toMatchObject({
    phase: "connecting",
    timeoutMs: 300,
    message: `operation on root@127.0.0.1:${server.port} timed out after 300 ms while connecting`,
  });
  // Nobody waits for that dial any more: its connection is torn down rather than left hanging,
  // and the next caller dials afresh instead of joining the abandoned dial.
  server.handshakeDelayMs = 0;
  await expect(runScript(connectionToPort(server.port, { perDialTimeout: 0 }), "echo fresh")).resolves.toMatchObject({ stdout: "fresh\n" });
  await closeAllConnections();
  await eventually(() => server.openConnections === 0);
});

test("the overall timeout stops a script that runs too long, and the host stays usable", async () => {
  const server = await startServer();
  const error = await runScript(connectionToPort(server.port), "sleep 5; echo late", { timeoutMs: 300 }).catch((e: Error) => e);
  expect(error).toMatchObject({ name: "SshTimeoutError", phase: "running the script" });
  await expect(runScript(connectionToPort(server.port), "echo next")).resolves.toMatchObject({ stdout: "next\n" });
});
