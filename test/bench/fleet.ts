// The fleet workloads as `pulumi up` runs them: examples/fleet's program captured by the engine-less driver,
// applied through the real dynamic-provider host (one host process per engine operation, as the CLI starts
// one per command), with the engine's parallelism. Measures wall time, connections and execs per host (from
// the simulated hosts' exec records) and the provider host's own CPU and peak RSS (preload.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { captureProgram, Engine } from "../engine";
import type { CapturedResource } from "../engine";
import type { SimHost } from "../sim";
import { msSince } from "./stats";

/** The repository root (where package.json is), from src or dist. */
export const REPO = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

/** NICs of each bench host: em0 carries the management address; the multi workload uses 8 more ports. */
export const BENCH_NICS = ["em0", "em1", "igb0", "igb1", "igb2", "igb3", "igb4", "igb5", "ix0", "ix1"];

/** The lagg of the `up` workload: 2 ports, 2 addresses, MTU, description (issue 16). */
export function benchLagg(index: number, mtu = 9000): Record<string, unknown> {
  const ports = [["igb0", "igb1"], ["igb2", "igb3"], ["ix0", "ix1"], ["igb4", "igb5"]][index];
  return {
    name: `lagg${index}`, protocol: "lacp", ports, mtu, description: `bench uplink ${index}`,
    addresses: [`10.${index + 1}.0.10/24`, `fd00:${index + 1}::10/64`],
  };
}

/** Outcome of one measured engine operation. */
export interface WorkloadRun {
  ms: number;
  /** SSH connections per host (the most any host saw). */
  connectionsPerHost: number;
  /** Execs per resource operation (total execs / resources). */
  execsPerOperation: number;
  /** Each host's summed exec time as its SSH server measured it (request to exit), ms. */
  hostScriptMs: number[];
  /** The provider host processes' CPU ms, per host of the fleet. */
  providerCpuMsPerHost: number;
  peakRssMb: number;
}

/** One stack over the fleet: its engine, state file and program inputs. */
export class FleetStack {
  private readonly dir = mkdtempSync(join(tmpdir(), "lagg-bench-"));
  private readonly statsPath = join(this.dir, "provider-stats.jsonl");
  private readonly engine: Engine;

  constructor(private readonly sims: SimHost[], parallel: number, private readonly laggsPerHost: number) {
    this.engine = new Engine({
      statePath: join(this.dir, "state.json"), project: "fleet", stack: "bench", cwd: REPO, parallel,
      hostEnv: { NODE_OPTIONS: `--require ${join(__dirname, "preload.js")}`, LAGG_BENCH_STATS: this.statsPath },
      callTimeoutMs: 600_000,
    });
  }

  /** The program's resources for this fleet, every lagg with `mtu`. */
  async resources(mtu = 9000): Promise<CapturedResource[]> {
    const hosts = this.sims.map((s, i) => ({
      name: `h${i}`, host: s.host, port: s.port, user: s.user, hostKey: s.hostKey, privateKeyPath: s.privateKeyPath,
      laggs: Array.from({ length: this.laggsPerHost }, (_, k) => benchLagg(k, mtu)),
    }));
    const inventory = join(this.dir, `inventory-${mtu}.json`);
    writeFileSync(inventory, JSON.stringify({ hosts }));
    const { resources } = await captureProgram({
      program: join(REPO, "dist/examples/fleet/index.js"), project: "fleet", stack: "bench", cwd: REPO,
      config: { "fleet:inventory": inventory }, priorState: this.engine.state().resources, timeoutMs: 300_000,
    });
    return resources;
  }

  up(resources: CapturedResource[]): Promise<WorkloadRun> {
    return this.measure(resources.length, () => this.engine.up(resources));
  }

  refresh(): Promise<WorkloadRun> {
    return this.measure(this.engine.state().resources.length, () => this.engine.refresh());
  }

  destroy(): Promise<WorkloadRun> {
    return this.measure(this.engine.state().resources.length, () => this.engine.destroy());
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async measure(operations: number, run: () => Promise<{ errors: { message: string }[] }>): Promise<WorkloadRun> {
    const before = this.sims.map((s) => s.execs.length);
    writeFileSync(this.statsPath, "");
    const t0 = process.hrtime.bigint();
    const result = await run();
    const ms = msSince(t0);
    if (result.errors.length > 0) throw new Error(`bench workload failed: ${result.errors.map((e) => e.message).join("; ")}`);
    const execs = this.sims.map((s, i) => s.execs.slice(before[i]));
    const stats = readFileSync(this.statsPath, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { cpuMs: number; peakRssMb: number });
    return {
      ms,
      connectionsPerHost: Math.max(...execs.map((e) => new Set(e.map((x) => x.sessionId)).size)),
      execsPerOperation: execs.reduce((n, e) => n + e.length, 0) / Math.max(1, operations),
      hostScriptMs: execs.map((e) => e.reduce((sum, x) => sum + x.durationMs, 0)),
      providerCpuMsPerHost: stats.reduce((sum, s) => sum + s.cpuMs, 0) / this.sims.length,
      peakRssMb: Math.max(0, ...stats.map((s) => s.peakRssMb)),
    };
  }
}
