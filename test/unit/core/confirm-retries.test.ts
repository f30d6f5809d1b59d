// The confirm loop of a commit-confirmed change against a host that never answers: at most one log
// line per attempt (none per failed dial, also on the last attempt after the rollback timer), and an
// error that says the outcome is unknown.
import { createServer } from "node:net";
import { confirmWith } from "../../../provider/operations/confirm";

/** A loopback port with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

jest.setTimeout(60_000);

test("a host that never answers: one line per attempt at most, no per-dial lines, outcome unknown", async () => {
  const logs: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.join(" ")));
  let error: Error | undefined;
  try {
    const conn = { host: "127.0.0.1", port: await closedPort(), user: "root", password: "x", insecureSkipHostKeyCheck: true, dialErrorLimit: 3 };
    await confirmWith(conn as never, { name: "lagg0", nonce: "@@t", script: "true", timeoutSec: 2 });
  } catch (e) {
    error = e as Error;
  } finally {
    spy.mockRestore();
  }
  expect(error?.message).toMatch(/could not reach 127\.0\.0\.1 to confirm the change of lagg0 within 2 s, nor after its rollback timer; whether the host restored the previous configuration is unknown/);
  const attempts = Number(logs.find((l) => /could not confirm lagg0 in 2 s/.test(l))?.match(/\((\d+) attempts\)/)?.[1]);
  expect(attempts).toBeGreaterThanOrEqual(1);
  expect(logs.filter((l) => /confirming lagg0 \(attempt/.test(l)).length).toBeLessThanOrEqual(attempts);
  expect(logs.filter((l) => /\bDial\b/.test(l))).toEqual([]);
});
