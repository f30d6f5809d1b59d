import { existsSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { closeAllConnections, configurePool, runScript, SshExecError } from "../../../provider/ssh";
import { poolState } from "../../../provider/ssh/pool-entry";
import { connectionTo, eventually, PASSWORD, progressLog, USER } from "./helpers/fixtures";
import { generateKeyPair, TestSshServer } from "./helpers/test-server";

const key = generateKeyPair();
let server: TestSshServer;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({ users: { [USER]: { password: PASSWORD, publicKeys: [key.public] } } });
});
beforeEach(() => configurePool({ idleTimeoutMs: 5000, spareChannels: true }));
afterEach(async () => {
  server.dropAtExecRequest = 0;
  server.stallExecRequests = 0;
  server.stallSessionOpens = 0;
  server.dropAfterScriptArrives = 0;
  server.rejectSessions = 0;
  await closeAllConnections();
});
afterAll(() => server.close());

test("consecutive scripts on one host share one TCP connection", async () => {
  const before = server.connections;
  for (const word of ["one", "two", "three"]) {
    await expect(runScript(connectionTo(server), `echo ${word}`)).resolves.toMatchObject({ stdout: `${word}\n` });
  }
  expect(server.connections).toBe(before + 1);
});

test("concurrent scripts on a host not yet connected wait for one shared dial", async () => {
  const before = server.connections;
  const results = await Promise.all([1, 2, 3, 4, 5].map((n) => runScript(connectionTo(server), `echo ${n}`)));
  expect(results.map((result) => result.stdout)).toEqual(["1\n", "2\n", "3\n", "4\n", "5\n"]);
  expect(server.connections).toBe(before + 1);
});

test("different credentials for the same host get different connections", async () => {
  const before = server.connections;
  await runScript(connectionTo(server), "true");
  await runScript(connectionTo(server, { password: undefined, privateKey: key.private }), "true");
  await runScript(connectionTo(server), "true");
  expect(server.connections).toBe(before + 2);
});

test("an idle connection is closed, and the next script dials again", async () => {
  configurePool({ idleTimeoutMs: 50 });
  const before = server.connections;
  await runScript(connectionTo(server), "true");
  await eventually(() => server.openConnections === 0);
  await runScript(connectionTo(server), "true");
  expect(server.connections).toBe(before + 2);
});

test("a connection running a script is not closed for idleness", async () => {
  configurePool({ idleTimeoutMs: 20 });
  const dir = mkdtempSync(join(tmpdir(), "ssh-pool-"));
  // The script outlives many idle periods; it finishes only after we have seen it hold the connection open.
  const running = runScript(connectionTo(server), `touch ${dir}/started; while [ ! -e ${dir}/go ]; do sleep 0.02; done; echo done`);
  await eventually(() => existsSync(`${dir}/started`));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(server.openConnections).toBe(1);
  writeFileSync(`${dir}/go`, "");
  await expect(running).resolves.toMatchObject({ stdout: "done\n", exitCode: 0 });
});

test("a connection the server dropped is re-dialled transparently", async () => {
  const before = server.connections;
  await runScript(connectionTo(server), "true");
  server.dropConnections();
  await eventually(() => server.openConnections === 0);
  // Until the client has seen the drop, a script would go out with its exec request on the dead connection.
  await eventually(() => Object.keys(poolState().byKey).length === 0);
  await expect(runScript(connectionTo(server), "echo again")).resolves.toMatchObject({ stdout: "again\n" });
  expect(server.connections).toBe(before + 2);
});

test("a connection that refuses to open a channel is replaced once, before the script was sent", async () => {
  configurePool({ spareChannels: false }); // a spare would take the refusal instead of the script
  const before = { connections: server.connections, execs: server.execs.length };
  await runScript(connectionTo(server), "true");
  server.rejectSessions = 1;
  const { messages, onProgress } = progressLog();
  await expect(runScript(connectionTo(server), "echo replaced", { onProgress })).resolves.toMatchObject({ stdout: "replaced\n" });
  expect(server.connections).toBe(before.connections + 2);
  expect(server.execs.length).toBe(before.execs + 2);
  expect(messages).toEqual([expect.stringMatching(/^Connection to root@127\.0\.0\.1:\d+ was lost \(.*Channel open failure.*\); reconnecting$/)]);
});

test("refused channels on the fresh connection too give SshExecError, script never sent", async () => {
  server.rejectSessions = 2;
  const before = server.execs.length;
  const error = await runScript(connectionTo(server), "echo never").catch((e: Error) => e);
  expect(error).toMatchObject({ name: "SshExecError", mayHaveRun: false, message: expect.stringMatching(/did not start it/) });
  expect(server.execs.length).toBe(before);
});

test("a connection lost at the exec request is an SshExecError with mayHaveRun, never re-run (the script goes out with the request)", async () => {
  server.dropAtExecRequest = 1;
  const before = server.execs.length;
  const error = await runScript(connectionTo(server), "echo second").catch((e: Error) => e);
  expect(error).toBeInstanceOf(SshExecError);
  expect(error).toMatchObject({ mayHaveRun: true, message: expect.stringMatching(/may have run/) });
  expect(server.execs.length).toBe(before + 1);
});

test("a connection whose host stops answering the channel open is replaced after perDialTimeout, nothing requested yet", async () => {
  configurePool({ spareChannels: false });
  await runScript(connectionTo(server, { perDialTimeout: 0.3 }), "true");
  server.stallSessionOpens = 1;
  const before = { connections: server.connections, execs: server.execs.length };
  const { messages, onProgress } = progressLog();
  await expect(runScript(connectionTo(server, { perDialTimeout: 0.3 }), "echo fresh", { onProgress })).resolves.toMatchObject({ stdout: "fresh\n" });
  expect(server.connections).toBe(before.connections + 1);
  expect(server.execs.length).toBe(before.execs + 1);
  expect(messages).toEqual([expect.stringMatching(/was lost \(the host did not answer the channel open within 300 ms\); reconnecting$/)]);
});

test("a host that does not answer the exec request within perDialTimeout: SshExecError with mayHaveRun, not re-run, connection retired", async () => {
  await runScript(connectionTo(server, { perDialTimeout: 0.3 }), "true");
  server.stallExecRequests = 1;
  const before = { connections: server.connections, execs: server.execs.length };
  const error = await runScript(connectionTo(server, { perDialTimeout: 0.3 }), "echo once").catch((e: Error) => e);
  expect(error).toMatchObject({ name: "SshExecError", mayHaveRun: true, message: expect.stringMatching(/did not answer the exec request within 300 ms .*may have run/) });
  expect(server.execs.length).toBe(before.execs + 1);
  await expect(runScript(connectionTo(server, { perDialTimeout: 0.3 }), "echo next")).resolves.toMatchObject({ stdout: "next\n" });
  expect(server.connections).toBe(before.connections + 1);
});

test("a connection lost after the script was sent is an SshExecError and the script is not re-run", async () => {
  server.dropAfterScriptArrives = 1;
  const before = server.execs.length;
  const error = await runScript(connectionTo(server), "echo once").catch((e: Error) => e);
  expect(error).toBeInstanceOf(SshExecError);
  expect(error).toMatchObject({
    mayHaveRun: true,
    command: "/bin/sh -s",
    message: expect.stringMatching(/^running \/bin\/sh -s on root@127\.0\.0\.1:\d+ failed: the connection was lost before the script reported its exit status/),
  });
  expect(server.execs.length).toBe(before + 1);
});

test("the next script on a pooled connection runs on the channel opened ahead: one session open per exec plus one spare", async () => {
  const before = { sessions: server.sessionOpens, execs: server.execs.length };
  for (const word of ["one", "two", "three"]) await expect(runScript(connectionTo(server), `echo ${word}`)).resolves.toMatchObject({ stdout: `${word}\n` });
  expect(server.execs.length - before.execs).toBe(3);
  expect(server.sessionOpens - before.sessions).toBe(4);
});

test("a spare channel the server refused to open is not used: the next script opens its own", async () => {
  await runScript(connectionTo(server), "true");
  // The spare opened behind "true" is in place; the one opened behind the next script is refused.
  server.rejectSessions = 1;
  await expect(runScript(connectionTo(server), "echo a")).resolves.toMatchObject({ stdout: "a\n" });
  const before = server.connections;
  await expect(runScript(connectionTo(server), "echo b")).resolves.toMatchObject({ stdout: "b\n" });
  expect(server.connections).toBe(before);
});

test("a spare channel the server closed under the exec request: the host ran nothing, so the script runs once on a fresh connection", async () => {
  await runScript(connectionTo(server), "true");
  const before = { connections: server.connections, execs: server.execs.length };
  server.closeIdleSessions();
  const { messages, onProgress } = progressLog();
  await expect(runScript(connectionTo(server), "echo fine", { onProgress })).resolves.toMatchObject({ stdout: "fine\n", exitCode: 0 });
  expect(server.execs.length).toBe(before.execs + 1);
  expect(server.connections).toBe(before.connections + 1);
  expect(messages).toEqual([expect.stringMatching(/the channel closed before the host answered the exec request\); reconnecting$/)]);
});

test("closeAllConnections closes every pooled connection", async () => {
  await runScript(connectionTo(server), "true");
  await runScript(connectionTo(server, { password: undefined, privateKey: key.private }), "true");
  expect(server.openConnections).toBe(2);
  await closeAllConnections();
  await eventually(() => server.openConnections === 0);
});

test("scripts on different hosts run in parallel", async () => {
  const other = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
  try {
    const dir = mkdtempSync(join(tmpdir(), "ssh-parallel-"));
    // Each script waits for the other to have started: serialized execution would never finish.
    const handshake = (mine: string, theirs: string) =>
      `touch ${dir}/${mine}; n=0; while [ ! -e ${dir}/${theirs} ]; do n=$((n+1)); [ $n -gt 500 ] && exit 9; sleep 0.01; done; echo ${mine}`;
    const [a, b] = await Promise.all([
      runScript(connectionTo(server), handshake("a", "b")),
      runScript(connectionTo(other), handshake("b", "a")),
    ]);
    expect([a.stdout, a.exitCode, b.stdout, b.exitCode]).toEqual(["a\n", 0, "b\n", 0]);
  } finally {
    await closeAllConnections();
    await other.close();
  }
});
