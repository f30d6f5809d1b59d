// Shared helpers for the simulator's own tests: run command lines against a machine.
import { shellWords } from "../commands/shell-words";
import { createSimMachine, TestSimMachine } from "../machine";
import type { CommandResult, SimMachineOptions } from "../machine-api";

/** Runs one command line (sh-style words) on `machine`. */
export async function run(machine: TestSimMachine, line: string, env: Record<string, string> = {}): Promise<CommandResult> {
  const [command, ...argv] = shellWords(line);
  return machine.run(command, argv, { stdin: "", env });
}

/** Runs command lines in order and fails the test on the first non-zero exit. */
export async function runAll(machine: TestSimMachine, ...lines: string[]): Promise<void> {
  for (const line of lines) {
    const result = await run(machine, line);
    if (result.exitCode !== 0) throw new Error(`${line} -> ${result.exitCode}: ${result.stderr}`);
  }
}

/** A machine whose management address lives on ix1, leaving em0..igb3 free for laggs. */
export function freshMachine(options: SimMachineOptions = {}): TestSimMachine {
  return createSimMachine({ management: { interface: "ix1", address: "192.0.2.2/24" }, ...options });
}

/** stdout of `ifconfig [-v] NAME`. */
export async function ifconfigText(machine: TestSimMachine, name: string, verbose = false): Promise<string> {
  const result = await run(machine, `ifconfig ${verbose ? "-v " : ""}${name}`);
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return result.stdout;
}

/** The `laggport:` lines of `ifconfig NAME`, as "port flags=..." strings. */
export async function portLines(machine: TestSimMachine, name: string): Promise<string[]> {
  const text = await ifconfigText(machine, name);
  return text.split("\n").filter((l) => l.startsWith("\tlaggport: ")).map((l) => l.slice("\tlaggport: ".length));
}
