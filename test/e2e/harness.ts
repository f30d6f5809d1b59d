// Drives test/e2e/program.ts through the engine-less driver against a simulated host.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureProgram, Engine } from "../engine";
import { startSimHost } from "../sim";
import type { TestSimMachine } from "../sim/machine";
import type { SimHost, SimHostOptions } from "../sim/server/sim-host-types";

export const REPO = path.resolve(__dirname, "../..");
const PROGRAM = path.join(REPO, "dist/test/e2e/program.js");

/**
 * How program.ts reaches a simulated host: its `e2e:sim` config, or a lagg entry's `sim` field (a stack whose
 * laggs live on other hosts than the stack's own).
 */
export function simDetails(sim: SimHost) {
  return { host: sim.host, port: sim.port, user: sim.user, privateKeyPath: sim.privateKeyPath, hostKey: sim.hostKey };
}

/** One stack against one simulated host (or, through entries' `sim`, many); `laggs` maps resource names to Lagg args (minus connection). */
export class E2EStack {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-e2e-"));
  readonly engine: Engine;
  readonly logs: string[] = [];

  constructor(readonly sim: SimHost, readonly project = "lagg-e2e", readonly stack = "test") {
    this.engine = new Engine({ statePath: path.join(this.dir, "state.json"), project, stack, cwd: REPO, onEvent: (e) => this.logs.push(JSON.stringify(e)) });
  }

  private async capture(laggs: Record<string, unknown>) {
    if (!fs.existsSync(PROGRAM)) throw new Error(`${PROGRAM} is missing: run \`npm run build\` first`);
    const config = { "e2e:sim": JSON.stringify(simDetails(this.sim)), "e2e:laggs": JSON.stringify(laggs) };
    const { resources } = await captureProgram({ program: PROGRAM, project: this.project, stack: this.stack, config, cwd: REPO, priorState: this.engine.state().resources });
    return resources;
  }

  async preview(laggs: Record<string, unknown>) {
    return this.engine.preview(await this.capture(laggs));
  }

  async up(laggs: Record<string, unknown>) {
    return this.engine.up(await this.capture(laggs));
  }

  refresh() {
    return this.engine.refresh();
  }

  destroy() {
    return this.engine.destroy();
  }

  /** Outputs of one resource from the state file. */
  outputs(name: string): Record<string, any> {
    const r = this.engine.state().resources.find((x) => x.urn.endsWith(`::${name}`));
    if (!r) throw new Error(`${name} is not in the state`);
    return r.outputs as Record<string, any>;
  }

  cleanup() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The provider's own log lines (what `pulumi up` shows) among the stack's events, from event `from` on. */
export function providerLog(stack: E2EStack, from = 0): string[] {
  return stack.logs.slice(from).map((l) => JSON.parse(l) as { kind: string; line?: string }).filter((e) => e.kind === "provider-log").map((e) => e.line ?? "");
}

/** Runs a command on the simulated machine directly (out of band, as an admin would). */
export async function onHost(sim: SimHost, command: string, ...argv: string[]) {
  return sim.machine.run(command, argv, { stdin: "", env: {} });
}

/**
 * An rc.conf file as the simulated host holds it on disk. (`onHost(sim, "cat", ...)` cannot read it:
 * the simulator emulates no `cat` out of band, and answers "cat: not found" with empty stdout.)
 */
export function rcConfText(sim: SimHost, file = "/etc/rc.conf"): string {
  return (sim.machine as TestSimMachine).rcConf.text(file);
}

/**
 * Registers the usual e2e setup: a simulated host started with `options` (then `prepare`d, as an admin
 * would leave it) and a stack against it, before each test (`scope: "each"`) or once for the suite
 * (`"all"`), both torn down after. `use` receives them for the test file's own variables.
 */
export function useSimStack(
  use: (sim: SimHost, stack: E2EStack) => void,
  opts: { options?: SimHostOptions; scope?: "each" | "all"; prepare?: (sim: SimHost) => Promise<void> } = {},
): void {
  let sim: SimHost | undefined;
  let stack: E2EStack | undefined;
  const each = (opts.scope ?? "each") === "each";
  (each ? beforeEach : beforeAll)(async () => {
    sim = await startSimHost(opts.options ?? {});
    await opts.prepare?.(sim);
    stack = new E2EStack(sim);
    use(sim, stack);
  });
  (each ? afterEach : afterAll)(async () => {
    stack?.cleanup();
    await sim?.stop();
  });
}

/** Runs `fn` with console.log captured (the provider's progress lines). */
export async function withLogs<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: Error; logs: string[] }> {
  const logs: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.join(" ")));
  try {
    return { value: await fn(), logs };
  } catch (error) {
    return { error: error as Error, logs };
  } finally {
    spy.mockRestore();
  }
}

/** mulberry32: a small seeded generator, so a run picks the same cases again. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
