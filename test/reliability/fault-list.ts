// The faults of the matrix (issue 17), each armed on a simulated host just before one operation.
import type { Fault } from "./fault-cells";

/** Connection faults: every backend, every operation. */
export const CONNECTION_FAULTS: Fault[] = [
  { name: "connection dropped before the script (exec request cut on arrival)", arm: (sim) => sim.faults.dropBeforeExec(1), expect: "either" },
  { name: "connection dropped inside the script (at the first change of lagg0)", arm: (sim) => sim.faults.dropWhenInterfaceChanges("lagg0"), expect: "either", knownPortsLeftUp: true },
  { name: "connection dropped after the script, before its result", arm: (sim) => sim.faults.dropAfterExecs(1, "beforeResult"), expect: "either", knownPortsLeftUp: true },
  { name: "connection dropped after the result", arm: (sim) => sim.faults.dropAfterExecs(1, "afterResult"), expect: "ok" },
  {
    // Not retried by design (provider/ssh/backoff.ts: a silent sshd is not transient), so one attempt.
    name: "handshake stalled past perDialTimeout", arm: (sim) => sim.faults.stallHandshake(4000), expect: "fails",
    connection: { perDialTimeout: 1, dialErrorLimit: 2 }, message: /after 1 attempt: .*did not complete the SSH handshake within 1000 ms \(perDialTimeout\)/,
  },
  { name: "2 refused connections, dialErrorLimit 3", arm: (sim) => sim.faults.refuseConnections(2), expect: "ok", connection: { dialErrorLimit: 3 } },
  {
    name: "3 refused connections, dialErrorLimit 3", arm: (sim) => sim.faults.refuseConnections(3), expect: "fails",
    connection: { dialErrorLimit: 3 }, message: /could not connect to .* after 3 attempts/,
  },
];

/** rc.conf only: the disk is full when sysrc writes rc.conf. */
export const DISK_FULL: Fault = { name: "disk full when rc.conf is written", arm: (_sim, machine) => machine.faults.fillDisk(), expect: "either" };

/** TrueNAS only: every midclt call fails as when middlewared is not answering (message inferred). */
export const MIDCLT_FAILING: Fault = {
  name: "midclt failing",
  arm: (_sim, machine) => machine.faults.failCommand("midclt", { stderr: "Failed connecting to the middleware: [Errno 111] Connection refused\n", exitCode: 1 }),
  expect: "either",
};
