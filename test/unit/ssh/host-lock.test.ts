import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { closeAllConnections, runScript, withHostLock } from "../../../provider/ssh";
import type { Connection } from "../../../provider/types";
import { connectionTo, PASSWORD, USER } from "./helpers/fixtures";
import { TestSshServer } from "./helpers/test-server";

/** A promise resolved from outside. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const nas1: Connection = { host: "nas1", user: "root" };

test("operations on one host run one at a time, in call order", async () => {
  const events: string[] = [];
  const gates = [gate(), gate(), gate()];
  const runs = gates.map((g, i) => withHostLock(nas1, async () => {
    events.push(`start ${i}`);
    await g.opened;
    events.push(`end ${i}`);
    return i;
  }));
  await new Promise((resolve) => setImmediate(resolve));
  expect(events).toEqual(["start 0"]);
  // Releasing a later operation first changes nothing: each still waits for its predecessors.
  gates[2].open();
  gates[1].open();
  await new Promise((resolve) => setImmediate(resolve));
  expect(events).toEqual(["start 0"]);
  gates[0].open();
  await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2]);
  expect(events).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
});

test("a failing operation releases the lock for the next one", async () => {
  const failed = withHostLock(nas1, async () => {
    throw new Error("boom");
  });
  const next = withHostLock(nas1, async () => "ran");
  await expect(failed).rejects.toThrow("boom");
  await expect(next).resolves.toBe("ran");
});

test.each<[string, boolean, Connection, Connection]>([
  ["the same host with defaults spelled out", true, { host: "nas1" }, { host: "nas1", port: 22, user: "root" }],
  ["the same host with other credentials", true, { host: "nas1", password: "a" }, { host: "nas1", privateKey: "b" }],
  ["different hosts", false, { host: "nas1" }, { host: "nas2" }],
  ["different ports", false, { host: "nas1" }, { host: "nas1", port: 2222 }],
  ["different users", false, { host: "nas1" }, { host: "nas1", user: "admin" }],
  ["direct and through a jump host", false, { host: "nas1" }, { host: "nas1", proxy: { host: "bastion" } }],
])("%s: shares a lock = %p", async (_name, shared, first, second) => {
  const events: string[] = [];
  const blocker = gate();
  const a = withHostLock(first, async () => {
    events.push("first started");
    await blocker.opened;
    events.push("first done");
  });
  const b = withHostLock(second, async () => {
    events.push("second started");
  });
  await new Promise((resolve) => setImmediate(resolve));
  blocker.open();
  await Promise.all([a, b]);
  expect(events).toEqual(shared
    ? ["first started", "first done", "second started"]
    : ["first started", "second started", "first done"]);
});

test("scripts wrapped in withHostLock on one real host never interleave", async () => {
  delete process.env.SSH_AUTH_SOCK;
  const server = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
  try {
    const log = join(mkdtempSync(join(tmpdir(), "ssh-lock-")), "log");
    // Unlocked, the quick second script would write between the slow first one's two lines.
    const slow = `echo 'slow begin' >> ${log}; sleep 0.2; echo 'slow end' >> ${log}`;
    const quick = `echo quick >> ${log}`;
    await Promise.all([slow, quick].map((script) => withHostLock(connectionTo(server), () => runScript(connectionTo(server), script))));
    expect(readFileSync(log, "utf8")).toBe("slow begin\nslow end\nquick\n");
  } finally {
    await closeAllConnections();
    await server.close();
  }
});
