// Runs what `lagg-driver` was asked (driver-args.ts) through the engine-less driver (test/engine), printing
// what `pulumi` would; `test` also starts a simulated host (test/sim) and checks the lifecycle lands cleanly.
import * as fs from "node:fs";
import { captureProgram, Engine, type EngineEvent } from "../test/engine";
import { parseInterfaceList } from "../test/sim/cli-timing";
import { startSimHost } from "../test/sim";
import { simConfig, type DriverConfigValue, type DriverRun } from "./driver-args";

/** Where the driver writes: lines for the user (stdout) and the program's and provider's own lines (stderr). */
export interface DriverOutput {
  out(line: string): void;
  err(line: string): void;
}

const indent = (text: string) => text.replace(/^(?=.)/gm, "  ");

function eventPrinter(o: DriverOutput): (e: EngineEvent) => void {
  return (e) => {
    if (e.kind === "provider-log" && e.line.trim()) o.out(`    ${e.line}`);
    if (e.kind === "step-finished") o.out(`    ${e.status === "failed" ? "✗" : e.status === "skipped" ? "-" : "✓"} ${e.op} ${e.urn.split("::").pop()} (${e.durationMs} ms)${e.error ? `: ${e.error}` : ""}`);
    if (e.kind === "diagnostic") o.out(`    ${e.severity}: ${e.message}`);
  };
}

/** The config of `--sim FILE` (the key file read here), under the `--config` values. */
function configOf(run: DriverRun): Record<string, DriverConfigValue> {
  if (!run.simFile) return run.config;
  // The JSON line (an `npm run sim` without --silent puts npm's banner before it).
  const line = fs.readFileSync(run.simFile, "utf8").split("\n").filter((l) => l.startsWith("{")).pop();
  if (!line) throw new Error(`${run.simFile} holds no JSON line (write it with: npx lagg-sim --json > ${run.simFile})`);
  const sim = JSON.parse(line);
  const privateKey = fs.readFileSync(sim.privateKeyPath, "utf8");
  return { ...simConfig(run.project, { ...sim, privateKey }), ...run.config };
}

/** One Pulumi operation on the state file; resolves true when it had no error. */
async function operation(run: DriverRun, config: Record<string, DriverConfigValue>, op: "preview" | "up" | "refresh" | "destroy", o: DriverOutput): Promise<{ ok: boolean; unchanged: boolean }> {
  const engine = new Engine({ statePath: run.statePath, project: run.project, stack: run.stack, config, cwd: run.cwd, parallel: run.parallel, onEvent: eventPrinter(o) });
  o.out(`lagg-driver ${op} (${run.project}/${run.stack}, state ${run.statePath})`);
  if (op === "refresh") {
    const r = await engine.refresh();
    o.out(indent(r.text));
    return { ok: r.errors.length === 0, unchanged: r.changes.every((c) => c.change === "same") };
  }
  if (op === "destroy") {
    const r = await engine.destroy();
    const left = engine.state().resources.length;
    o.out(`  ${r.outcomes.filter((x) => x.status === "ok").length} deleted, ${left} left in state`);
    return { ok: r.errors.length === 0, unchanged: r.outcomes.length === 0 };
  }
  const { resources } = await captureProgram({
    program: run.program, project: run.project, stack: run.stack, config, cwd: run.cwd, priorState: engine.state().resources,
    onLog: (_stream, line) => o.err(`  [program] ${line}`),
  });
  const r = op === "preview" ? await engine.preview(resources) : await engine.up(resources);
  o.out(indent(r.text));
  for (const e of r.errors) o.out(`  error: ${e.message}`);
  const unchanged = Object.entries(r.summary).every(([kind, n]) => kind === "same" || n === 0);
  return { ok: r.errors.length === 0, unchanged };
}

/**
 * `test`: a fresh simulated host (FreeBSD 14, or TrueNAS CORE), then up, a preview that must show no change, a
 * refresh that must find no drift, and a destroy that must leave no lagg on the host and nothing in state.
 */
async function lifecycle(run: DriverRun, o: DriverOutput): Promise<boolean> {
  const interfaces = run.simHost.interfaces === undefined ? undefined : parseInterfaceList(run.simHost.interfaces);
  const sim = await startSimHost({ truenas: run.simHost.truenas || undefined, ...(interfaces ? { interfaces } : {}) });
  const kind = run.simHost.truenas ? "TrueNAS CORE" : "FreeBSD";
  o.out(`lagg-driver test: a simulated ${kind} host on ${sim.host}:${sim.port} (host key ${sim.fingerprint})`);
  fs.rmSync(run.statePath, { force: true });
  const config = { ...simConfig(run.project, sim), ...run.config };
  const problems: string[] = [];
  try {
    const up = await operation(run, config, "up", o);
    if (!up.ok) problems.push("up failed");
    else {
      const again = await operation(run, config, "preview", o);
      if (!again.ok || !again.unchanged) problems.push("the preview after up is not empty: the program does not converge");
      const refresh = await operation(run, config, "refresh", o);
      if (!refresh.ok || !refresh.unchanged) problems.push("refresh after up found differences: the host does not read back as applied");
    }
    const destroy = await operation(run, config, "destroy", o);
    if (!destroy.ok) problems.push("destroy failed");
    const list = await sim.machine.run("ifconfig", ["-l"], { stdin: "", env: {} });
    const laggs = list.stdout.split(/\s+/).filter((n) => /^lagg\d+$/.test(n));
    if (laggs.length > 0) problems.push(`after destroy the host still has ${laggs.join(", ")}`);
  } finally {
    await sim.stop();
  }
  for (const p of problems) o.out(`FAILED: ${p}`);
  if (problems.length === 0) o.out("lagg-driver test: up, preview (no changes), refresh (no drift), destroy (no lagg left): ok");
  return problems.length === 0;
}

/** Runs one parsed command line; resolves with the exit code. */
export async function runDriver(run: DriverRun, o: DriverOutput): Promise<number> {
  if (run.command === "test") return (await lifecycle(run, o)) ? 0 : 1;
  const { ok } = await operation(run, configOf(run), run.command, o);
  return ok ? 0 : 1;
}
