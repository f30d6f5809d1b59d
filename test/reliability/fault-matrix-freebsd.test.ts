// The fault matrix on FreeBSD (rc.conf), issue 17: create, update, refresh and delete, each under every
// connection fault and a full disk. Each ends with the host fully old or fully new; after refresh and up
// again, state and host agree, and the final delete leaves no orphan (fault-cells.ts).
import { createSimMachine, type TestSimMachine } from "../sim/machine";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { onHost } from "../e2e/harness";
import { closeAllConnections } from "../../provider/ssh";
import { runCell, type Operation } from "./fault-cells";
import { CONNECTION_FAULTS, DISK_FULL } from "./fault-list";

jest.setTimeout(120_000);

let sim: SimHost;
let machine: TestSimMachine;
let initialRc: string;
const counts = { cells: 0, invariants: 0, old: 0, new: 0, failed: 0, portsLeftUp: 0 };

beforeAll(async () => {
  machine = createSimMachine({});
  sim = await startSimHost({ machine });
  initialRc = machine.rcConf.text();
});
afterEach(async () => {
  sim.faults.clear();
  machine.faults.clear();
  await closeAllConnections();
  // A failed cell must not leave its lagg to the next one.
  if ((await onHost(sim, "ifconfig", "lagg0")).exitCode === 0) await onHost(sim, "ifconfig", "lagg0", "destroy");
  if (machine.rcConf.text() !== initialRc) machine.rcConf.setText("/etc/rc.conf", initialRc);
});
afterAll(async () => {
  console.log(`fault matrix FreeBSD: ${counts.cells} cells (faults injected), ${counts.invariants} invariants; host left old ${counts.old}, new ${counts.new}; operation failed ${counts.failed}`);
  await sim?.stop();
});

const OPERATIONS: Operation[] = ["create", "update", "refresh", "delete"];
const CELLS = OPERATIONS.flatMap((operation) => [...CONNECTION_FAULTS, DISK_FULL].map((f) => ({ ...f, knownPortsLeftUp: false })).map((fault) => ({ operation, fault, label: fault.name })));

/**
 * Defects this matrix found that are not fixed yet: each cell is `test.failing` (it passes while the defect is
 * there and fails once it is fixed, so whoever fixes it moves the cell back to the others). None now: delete
 * under a full disk, once listed here, rolls back for real (the destroy's inverse re-creates the lagg as
 * recorded, operations/spec.ts removalSpec), so "rolled back" is true and rc.conf still matches the host.
 * The ports that were down before a create/update cut inside the script or before its result are no longer
 * recorded as up (the joining ports' read, made before any change, says which were down: port-read.ts), so on
 * FreeBSD no cell tolerates them left up: the flag of fault-list.ts is cleared here.
 */
const KNOWN_DEFECTS = new Set<string>([]);

async function cell(operation: Operation, fault: (typeof CELLS)[number]["fault"]) {
  const r = await runCell(sim, machine, operation, fault, "rc.conf");
  counts.cells += 1;
  counts.invariants += r.invariants;
  counts[r.leftAs] += 1;
  if (r.error) counts.failed += 1;
  if (r.portsLeftUp.length) counts.portsLeftUp += 1;
}

test.each(CELLS.filter((c) => !KNOWN_DEFECTS.has(`${c.operation}: ${c.label}`)))("$operation: $label", ({ operation, fault }) => cell(operation, fault));
const known = CELLS.filter((c) => KNOWN_DEFECTS.has(`${c.operation}: ${c.label}`));
if (known.length) test.failing.each(known)("KNOWN DEFECT $operation: $label", ({ operation, fault }) => cell(operation, fault));
