// Engine: preview / up / refresh / destroy over the real dynamic-provider host, with a JSON state file.

import { applyStep, deleteResource, type ApplyContext } from "./apply";
import { ProviderHost } from "./provider-host";
import { assertUniqueUrns, deleteStep, deletionDependencies, deletionsFor, planProgram, planResource } from "./planner";
import { refreshResource, renderRefresh, type RefreshChange } from "./refresh";
import { renderSteps, summarize } from "./render";
import { outcomeErrors, planErrors, type DestroyResult, type OperationError, type PreviewResult, type RefreshResult, type UpResult } from "./results";
import { defaultParallelism, runGraph, type GraphNode } from "./scheduler";
import { readStateFile, StateStore } from "./state-store";
import type { CapturedResource, EngineEvent, OperationName, PlannedStep, ResourceState, StackConfig, StackState, StepOp, StepOutcome } from "./types";

/** Options of an {@link Engine}. */
export interface EngineOptions {
  /** The JSON state file (created on first `up`). */
  statePath: string;
  project: string;
  stack: string;
  /** Full stack config, sent in Configure (secrets marked) before anything else. */
  config?: StackConfig;
  /** Program directory: the host runs here, so its node_modules must resolve the provider's packages. */
  cwd?: string;
  /** Steps in flight at once (the CLI's `--parallel`); default {@link defaultParallelism} (8 on a 2-core box). */
  parallel?: number;
  /** Secret output keys per resource type, for programs that cannot set `additionalSecretOutputs`. */
  extraSecretOutputs?: Record<string, string[]>;
  /** Extra environment for the provider host. */
  hostEnv?: Record<string, string>;
  /** Deadline of each provider RPC (default 120 s). */
  callTimeoutMs?: number;
  onEvent?: (event: EngineEvent) => void;
}

/**
 * Plays the Pulumi engine for Node dynamic providers: every operation starts a fresh provider host (as the CLI
 * does), sends Configure with the full stack config, then Check/Diff/Create/Read/Update/Delete over gRPC, and
 * keeps the stack's state in `statePath`.
 */
export class Engine {
  constructor(private readonly opts: EngineOptions) {}

  /** The stack state currently on disk. */
  state(): StackState {
    return readStateFile(this.opts.statePath, this.opts.project, this.opts.stack);
  }

  /** Check and Diff every resource (plus deletions of those the program dropped); never changes anything. */
  preview(resources: CapturedResource[]): Promise<PreviewResult> {
    return this.operation("preview", async (host, store) => {
      const steps = await planProgram(host, resources, store.state);
      const errors = planErrors(steps);
      this.reportErrors(errors);
      return { steps, summary: summarize(steps), text: renderSteps(steps), errors };
    });
  }

  /**
   * Plans and applies: creates, updates, same steps and replacements run over the dependency graph with at most
   * `parallel` in flight (each resource's plan is made in program order, apply starts as soon as it is ready);
   * then deletions (dropped resources and old halves of replacements) in reverse dependency order. A failure
   * skips its dependents and lets independent steps go on.
   */
  up(resources: CapturedResource[], opts: { parallel?: number } = {}): Promise<UpResult> {
    return this.operation("up", async (host, store, outcomes) => {
      assertUniqueUrns(resources);
      const ctx = this.applyContext(host, store);
      const removed = deletionsFor(store.state, resources).filter((r) => !r.pendingDelete);
      let previous: Promise<unknown> = Promise.resolve();
      const plans = resources.map((r) => {
        const plan = previous.then(() => planResource(host, r, store.find(r.urn)));
        previous = plan.catch(() => undefined);
        return plan;
      });
      const nodes: GraphNode[] = resources.map((r, i) => ({
        key: r.urn,
        deps: [...r.dependsOn, ...(r.parent ? [r.parent] : [])],
        ready: plans[i],
        run: async () => {
          const step = await plans[i];
          if (step.failures.length > 0 || step.error !== undefined) throw new Error(planErrors([step])[0].message);
          if (step.op === "same") return applyStep(ctx, step);
          await this.timed(outcomes, step.urn, step.op, () => applyStep(ctx, step));
        },
      }));
      const parallel = this.parallelism(opts);
      const applied = await runGraph(nodes, parallel);
      const steps = [...(await Promise.all(plans)), ...removed.map(deleteStep)];
      this.recordSkips(outcomes, applied, (key) => ({ urn: key, op: steps.find((s) => s.urn === key)!.op }));
      await this.deleteAll(ctx, outcomes, deletionsFor(store.state, resources), parallel);
      this.reorder(store, resources);
      const errors = [...planErrors(steps), ...outcomeErrors(outcomes)];
      this.reportErrors(errors);
      return { steps, summary: summarize(steps), text: renderSteps(steps), errors, outcomes, ok: errors.length === 0 };
    });
  }

  /** Reads every resource back (drift), updating or removing it in state. */
  refresh(opts: { parallel?: number } = {}): Promise<RefreshResult> {
    return this.operation("refresh", async (host, store, outcomes) => {
      const changes: RefreshChange[] = [];
      const nodes = store.state.resources
        .filter((r) => !r.pendingDelete)
        .map((r, i) => ({
          key: `${i}:${r.urn}`,
          deps: [],
          run: () => this.timed(outcomes, r.urn, "refresh", async () => void changes.push(await refreshResource(host, store, r))),
        }));
      await runGraph(nodes, this.parallelism(opts));
      const errors = outcomeErrors(outcomes);
      this.reportErrors(errors);
      return { changes, text: renderRefresh(changes), outcomes, errors, ok: errors.length === 0 };
    });
  }

  /** Deletes every resource, dependents before their dependencies. */
  destroy(opts: { parallel?: number } = {}): Promise<DestroyResult> {
    return this.operation("destroy", async (host, store, outcomes) => {
      const all = [...store.state.resources].reverse();
      await this.deleteAll(this.applyContext(host, store), outcomes, all, this.parallelism(opts));
      const errors = outcomeErrors(outcomes);
      this.reportErrors(errors);
      return { outcomes, errors, ok: errors.length === 0 };
    });
  }

  private parallelism(opts: { parallel?: number }): number {
    return opts.parallel ?? this.opts.parallel ?? defaultParallelism();
  }

  private applyContext(host: ProviderHost, store: StateStore): ApplyContext {
    return { host, store, extraSecretOutputs: this.opts.extraSecretOutputs ?? {} };
  }

  private async deleteAll(ctx: ApplyContext, outcomes: StepOutcome[], doomed: ResourceState[], parallel: number): Promise<void> {
    const graph = deletionDependencies(doomed);
    const nodes = graph.map(({ resource, key, deps }) => ({
      key,
      deps,
      run: () => this.timed(outcomes, resource.urn, "delete", () => deleteResource(ctx, resource)),
    }));
    const results = await runGraph(nodes, parallel);
    this.recordSkips(outcomes, results, (key) => ({ urn: graph.find((g) => g.key === key)!.resource.urn, op: "delete" }));
  }

  private recordSkips(outcomes: StepOutcome[], results: Map<string, { status: string; blockedBy?: string }>, describe: (key: string) => Pick<StepOutcome, "urn" | "op">): void {
    for (const [key, r] of results) {
      if (r.status !== "skipped") continue;
      outcomes.push({ ...describe(key), status: "skipped", durationMs: 0, error: `skipped: dependency ${r.blockedBy} did not succeed` });
    }
  }

  // Program order for live resources (like the engine's snapshot); leftovers (failed deletes) after them.
  private reorder(store: StateStore, resources: CapturedResource[]): void {
    const rank = new Map(resources.map((r, i) => [r.urn, i]));
    const key = (r: ResourceState) => (r.pendingDelete ? Infinity : (rank.get(r.urn) ?? Infinity));
    store.state.resources = store.state.resources.map((r, i) => ({ r, i })).sort((a, b) => key(a.r) - key(b.r) || a.i - b.i).map(({ r }) => r);
    store.changed();
  }

  private async timed(outcomes: StepOutcome[], urn: string, op: StepOutcome["op"], fn: () => Promise<void>): Promise<void> {
    const started = Date.now();
    this.emit({ kind: "step-started", urn, op });
    try {
      await fn();
      outcomes.push({ urn, op, status: "ok", durationMs: Date.now() - started });
      this.emit({ kind: "step-finished", urn, op, status: "ok", durationMs: Date.now() - started });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      outcomes.push({ urn, op, status: "failed", durationMs: Date.now() - started, error });
      this.emit({ kind: "step-finished", urn, op, status: "failed", durationMs: Date.now() - started, error });
      throw err;
    }
  }

  private reportErrors(errors: OperationError[]): void {
    for (const e of errors) this.emit({ kind: "diagnostic", severity: "error", urn: e.urn, message: e.message });
  }

  private emit(event: EngineEvent): void {
    this.opts.onEvent?.(event);
  }

  private async operation<T extends { errors: OperationError[] }>(
    name: OperationName,
    body: (host: ProviderHost, store: StateStore, outcomes: StepOutcome[]) => Promise<T>,
  ): Promise<T> {
    const started = Date.now();
    let errors = 0;
    this.emit({ kind: "operation-started", operation: name });
    const store = new StateStore(this.opts.statePath, this.opts.project, this.opts.stack);
    let host: ProviderHost | undefined;
    try {
      host = await ProviderHost.start({
        cwd: this.opts.cwd ?? process.cwd(),
        project: this.opts.project,
        config: this.opts.config,
        env: this.opts.hostEnv,
        callTimeoutMs: this.opts.callTimeoutMs,
        onLog: (stream, line) => this.emit({ kind: "provider-log", stream, line }),
      });
      await host.configure(this.opts.config ?? {});
      const result = await body(host, store, []);
      errors = result.errors.length;
      return result;
    } finally {
      await host?.dispose();
      await store.flush();
      this.emit({ kind: "operation-finished", operation: name, durationMs: Date.now() - started, errors });
    }
  }
}
