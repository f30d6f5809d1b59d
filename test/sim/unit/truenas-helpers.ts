// Shared helpers for the TrueNAS middleware tests: midclt calls with JSON arguments on a TrueNAS machine.
import { createSimMachine, TestSimMachine } from "../machine";
import type { SimMachineOptions } from "../machine-api";
import { run } from "./helpers";

const machines: TestSimMachine[] = [];

/**
 * A TrueNAS machine, disposed by `disposeMachines` (call it in afterEach). lag_setup's link polls take 1 ms
 * instead of 2 s (a new LACP lagg is down while lag_setup waits, so each first commit would cost 10 s).
 */
export function nas(options: SimMachineOptions = {}): TestSimMachine {
  const machine = createSimMachine({ truenas: true, truenasTiming: { linkPollMs: 1 }, ...options });
  machines.push(machine);
  return machine;
}

/** Stops every machine's checkin timer. */
export function disposeMachines(): void {
  machines.splice(0).forEach((m) => m.middleware?.dispose());
}

/** `midclt [FLAGS] call METHOD 'json'...` with each argument JSON-encoded. */
export async function midclt(machine: TestSimMachine, method: string, ...args: unknown[]) {
  const quoted = args.map((a) => `'${JSON.stringify(a)}'`).join(" ");
  return run(machine, `midclt call ${method} ${quoted}`);
}

/** A midclt call that must succeed; its printed result parsed back (True/False/JSON). */
export async function callOk(machine: TestSimMachine, method: string, ...args: unknown[]): Promise<unknown> {
  const result = await midclt(machine, method, ...args);
  if (result.exitCode !== 0) throw new Error(`${method}: ${result.stderr}`);
  return result.stdout === "True\n" ? true : result.stdout === "False\n" ? false : JSON.parse(result.stdout);
}

/** `ifconfig NAME`'s options=... capability names. */
export async function enabledCaps(machine: TestSimMachine, name: string): Promise<string[]> {
  const text = (await run(machine, `ifconfig ${name}`)).stdout;
  return text.match(/options=[0-9a-f]+<([^>]*)>/)?.[1].split(",") ?? [];
}

/** The lagg every test builds on. */
export const LAGG = { type: "LINK_AGGREGATION", name: "lagg0", lag_protocol: "LACP", lag_ports: ["igb0", "igb1"] };

/** Whether stderr is `reason`, then a Python traceback ending in `pyClass: reason`. */
export function tracebackOf(stderr: string, reason: string, pyClass: string): boolean {
  return stderr.startsWith(`${reason}\nTraceback (most recent call last):\n`) && stderr.endsWith(`\n${pyClass}: ${reason}\n\n`);
}
