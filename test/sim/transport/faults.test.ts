// Transport faults on demand: latency, stalled handshakes, connections dropped after n execs.
import { closed, connect, exec, startHost, stopAllHosts } from "./helpers";

afterEach(() => stopAllHosts());

// Lower bounds only: the proxy can add delay, never remove it.
test("latencyMs delays the handshake and every exec round trip", async () => {
  const host = await startHost({ latencyMs: 50 });
  expect(host.faults.latencyMs).toBe(50);
  const t0 = Date.now();
  const client = await connect(host);
  const handshakeMs = Date.now() - t0;
  const t1 = Date.now();
  await exec(client, "true");
  const execMs = Date.now() - t1;
  client.end();
  expect(handshakeMs).toBeGreaterThanOrEqual(50);
  expect(execMs).toBeGreaterThanOrEqual(50);
});

test("setLatency changes the delay of an open connection", async () => {
  const host = await startHost();
  const client = await connect(host);
  host.faults.setLatency(80);
  const t0 = Date.now();
  await exec(client, "true");
  expect(Date.now() - t0).toBeGreaterThanOrEqual(80);
  client.end();
});

test("stallHandshake accepts TCP but sends nothing for the given time", async () => {
  const host = await startHost();
  host.faults.stallHandshake(300);
  const t0 = Date.now();
  const client = await connect(host);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  expect(await exec(client, "echo late")).toMatchObject({ stdout: "late\n", code: 0 });
  client.end();
});

test("a stalled handshake trips the client's ready timeout", async () => {
  const host = await startHost();
  host.faults.stallHandshake(5_000);
  await expect(connect(host, { readyTimeout: 200 })).rejects.toThrow(/timed out/i);
});

test("dropAfterExecs(2) delivers the second result, then cuts the connection", async () => {
  const host = await startHost();
  host.faults.dropAfterExecs(2);
  const client = await connect(host);
  const gone = closed(client);
  expect(await exec(client, "echo one")).toMatchObject({ stdout: "one\n", code: 0 });
  expect(await exec(client, "echo two; exit 4")).toMatchObject({ stdout: "two\n", code: 4 });
  await gone;
  expect(host.execs.map((e) => [e.command, e.exitCode])).toEqual([
    ["echo one", 0],
    ["echo two; exit 4", 4],
  ]);
  const again = await connect(host);
  expect(await exec(again, "echo three")).toMatchObject({ stdout: "three\n" });
  again.end();
});

test("dropAfterExecs(1, 'beforeResult') runs the command but the client never gets its result", async () => {
  const host = await startHost();
  host.faults.dropAfterExecs(1, "beforeResult");
  const client = await connect(host);
  const gone = closed(client);
  const result = await exec(client, "ifconfig lagg0 create; echo created");
  await gone;
  expect(result.code).toBeNull(); // stdout may have streamed, but no exit status ever came
  expect(host.execs).toEqual([
    expect.objectContaining({ command: "ifconfig lagg0 create; echo created", exitCode: 0, connectionCut: true }),
  ]);
  expect(host.machine.records.commands.map((c) => [c.command, ...c.argv])).toContainEqual(["ifconfig", "lagg0", "create"]);
});

test("clear() removes latency, stalls and planned drops", async () => {
  const host = await startHost({ latencyMs: 40 });
  host.faults.stallHandshake(10_000).dropAfterExecs(1).clear();
  expect(host.faults.latencyMs).toBe(0);
  const client = await connect(host, { readyTimeout: 5_000 });
  await exec(client, "true");
  await exec(client, "true");
  expect(await exec(client, "echo still")).toMatchObject({ stdout: "still\n" });
  client.end();
});
