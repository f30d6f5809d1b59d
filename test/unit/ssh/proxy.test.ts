import { poolState } from "../../../provider/ssh/pool-entry";
import { closeAllConnections, configurePool, runScript } from "../../../provider/ssh";
import type { Connection, HopConnection } from "../../../provider/types";
import { connectionTo, eventually, PASSWORD, progressLog, USER } from "./helpers/fixtures";
import { generateKeyPair, reservePort, TestSshServer } from "./helpers/test-server";

const JUMP_USER = "jump";
const JUMP_PASSWORD = "jump password";
let jump: TestSshServer;
let targets: TestSshServer[];

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  jump = await TestSshServer.start({ users: { [JUMP_USER]: { password: JUMP_PASSWORD } }, allowForwarding: true });
  targets = await Promise.all([1, 2].map(() => TestSshServer.start({ users: { [USER]: { password: PASSWORD } } })));
});
afterEach(() => closeAllConnections());
afterAll(async () => {
  await Promise.all([jump, ...targets].map((server) => server.close()));
});

function viaJump(target: TestSshServer, overrides: Partial<Connection> = {}, proxy: Partial<HopConnection> = {}): Connection {
  return connectionTo(target, {
    proxy: { host: jump.host, port: jump.port, user: JUMP_USER, password: JUMP_PASSWORD, hostKey: jump.hostKeyLine, ...proxy },
    ...overrides,
  });
}

test("a script reaches the target through the jump host", async () => {
  const before = { jump: jump.connections, target: targets[0].connections };
  const result = await runScript(viaJump(targets[0]), "echo via jump");
  expect(result).toMatchObject({ stdout: "via jump\n", exitCode: 0 });
  expect(jump.forwards.at(-1)).toBe(`127.0.0.1:${targets[0].port}`);
  expect(jump.connections).toBe(before.jump + 1);
  expect(targets[0].connections).toBe(before.target + 1);
  expect(jump.execs).toEqual([]);
});

test("targets behind one jump host share the jump connection, and reuse their own", async () => {
  const before = jump.connections;
  for (const target of [...targets, ...targets]) {
    await expect(runScript(viaJump(target), "echo $((6*7))")).resolves.toMatchObject({ stdout: "42\n" });
  }
  expect(jump.connections).toBe(before + 1);
  expect(jump.forwards.slice(-2)).toEqual(targets.map((target) => `127.0.0.1:${target.port}`));
});

test("the target's host key is verified end to end, not the jump host's", async () => {
  const error = await runScript(viaJump(targets[0], { hostKey: jump.hostKeyLine }), "true").catch((e: Error) => e);
  expect(error).toMatchObject({
    name: "HostKeyVerificationError",
    port: targets[0].port,
    message: expect.stringContaining(`for 127.0.0.1:${targets[0].port}: the host presented`),
  });
});

test("a jump host with a wrong key is refused before anything reaches the target", async () => {
  const before = targets[0].connections;
  const error = await runScript(viaJump(targets[0], {}, { hostKey: generateKeyPair().public }), "true").catch((e: Error) => e);
  expect(error).toMatchObject({ name: "HostKeyVerificationError", port: jump.port });
  expect(targets[0].connections).toBe(before);
});

test("a jump host refusing the credentials is an SshAuthError about the jump host", async () => {
  const error = await runScript(viaJump(targets[0], {}, { password: "wrong" }), "true").catch((e: Error) => e);
  expect(error).toMatchObject({
    name: "SshAuthError",
    user: JUMP_USER,
    port: jump.port,
    message: expect.stringMatching(new RegExp(`^authentication failed for jump@127\\.0\\.0\\.1:${jump.port}: tried password`)),
  });
});

test("an unreachable jump host is an SshConnectError that names the target it was for", async () => {
  const port = await reservePort();
  const error = await runScript(viaJump(targets[0], {}, { port, dialErrorLimit: 2 }), "true").catch((e: Error) => e);
  expect(error).toMatchObject({
    name: "SshConnectError",
    port,
    attempts: 2,
    message: `could not connect to jump@127.0.0.1:${port} (jump host for root@127.0.0.1:${targets[0].port}) after 2 attempts: connect ECONNREFUSED 127.0.0.1:${port}`,
  });
});

test("a target the jump host cannot reach is retried as a dial of the target", async () => {
  const port = await reservePort();
  const { messages, onProgress } = progressLog();
  const error = await runScript(viaJump(targets[0], { port, dialErrorLimit: 2, insecureSkipHostKeyCheck: true, hostKey: undefined }), "true", { onProgress })
    .catch((e: Error) => e);
  expect(error).toMatchObject({
    name: "SshConnectError",
    port,
    attempts: 2,
    message: expect.stringMatching(new RegExp(`^could not connect to root@127\\.0\\.0\\.1:${port} after 2 attempts: .*Channel open failure`)),
  });
  expect(messages[0]).toMatch(new RegExp(`^Dial 1/2 to root@127\\.0\\.0\\.1:${port} failed: .*; retrying in 100 ms$`));
});

test("a target connection that died is re-dialled through the still-open jump connection", async () => {
  await runScript(viaJump(targets[1]), "true");
  const before = { jump: jump.connections, target: targets[1].connections };
  targets[1].dropConnections();
  await eventually(() => targets[1].openConnections === 0);
  // Until the client has seen the drop, a script would go out on the dead connection (with its exec request,
  // so it could not be re-sent): wait until the pool has let the target connection go (the jump's stays).
  await eventually(() => Object.keys(poolState().byKey).length === 1);
  await expect(runScript(viaJump(targets[1]), "echo back")).resolves.toMatchObject({ stdout: "back\n" });
  expect(targets[1].connections).toBe(before.target + 1);
  expect(jump.connections).toBe(before.jump);
});

test("closing the target connections lets the jump connection close too", async () => {
  await runScript(viaJump(targets[0]), "true");
  expect(jump.openConnections).toBe(1);
  await closeAllConnections();
  await eventually(() => jump.openConnections === 0 && targets[0].openConnections === 0);
});

test("an idle target connection closes, and then its idle jump connection", async () => {
  configurePool({ idleTimeoutMs: 50 });
  try {
    await runScript(viaJump(targets[0]), "true");
    await eventually(() => targets[0].openConnections === 0);
    await eventually(() => jump.openConnections === 0);
  } finally {
    configurePool({ idleTimeoutMs: 5000 });
  }
});
