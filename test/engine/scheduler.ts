// Runs a dependency graph of async steps with at most `parallel` in flight, like the engine's step executor.

import * as os from "os";

/** One unit of work and the keys it must wait for. Keys not in the graph are ignored. */
export interface GraphNode {
  key: string;
  deps: string[];
  /** Settles when the node may start (e.g. its step is planned); waiting for it holds no parallel slot. */
  ready?: Promise<unknown>;
  run: () => Promise<void>;
}

/** How a node ended: ok, failed (its `run` rejected) or skipped (a dependency did not succeed). */
export interface NodeResult {
  key: string;
  status: "ok" | "failed" | "skipped";
  error?: unknown;
  /** For skipped nodes: the dependency that failed or was skipped. */
  blockedBy?: string;
}

/**
 * Runs every node once its dependencies succeeded, in graph order, never more than `parallel` at a time.
 * A failure skips the nodes that depend on it and lets independent nodes continue. Never rejects.
 */
export function runGraph(nodes: GraphNode[], parallel: number): Promise<Map<string, NodeResult>> {
  if (!(parallel >= 1)) throw new Error(`parallel must be at least 1, got ${parallel}`);
  const keys = new Set(nodes.map((n) => n.key));
  const pending = new Map(nodes.map((n) => [n.key, { ...n, deps: n.deps.filter((d) => keys.has(d) && d !== n.key) }]));
  const results = new Map<string, NodeResult>();
  let running = 0;
  const settled = new Set<string>();

  return new Promise((resolve) => {
    const finish = (result: NodeResult) => {
      results.set(result.key, result);
      running--;
      pump();
    };
    const pump = () => {
      let progressed = true;
      while (progressed) {
        progressed = false;
        for (const [key, node] of pending) {
          const blockedBy = node.deps.find((d) => results.has(d) && results.get(d)!.status !== "ok");
          if (blockedBy) {
            pending.delete(key);
            results.set(key, { key, status: "skipped", blockedBy });
            progressed = true;
          } else if (
            running < parallel &&
            settled.has(key) &&
            node.deps.every((d) => results.get(d)?.status === "ok")
          ) {
            pending.delete(key);
            running++;
            Promise.resolve()
              .then(node.run)
              .then(
                () => finish({ key, status: "ok" }),
                (error: unknown) => finish({ key, status: "failed", error }),
              );
          }
        }
      }
      if (running > 0 || [...pending.keys()].some((k) => !settled.has(k))) return;
      for (const key of pending.keys()) {
        results.set(key, { key, status: "failed", error: new Error(`dependency cycle involving ${key}`) });
      }
      pending.clear();
      resolve(results);
    };
    for (const node of nodes) {
      if (!node.ready) settled.add(node.key);
      else
        node.ready.then(
          () => (settled.add(node.key), pump()),
          () => (settled.add(node.key), pump()),
        );
    }
    pump();
  });
}

/** The CLI's default `--parallel`: `PULUMI_PARALLEL` if set, else GOMAXPROCS (the CPU count) × 4. */
export function defaultParallelism(): number {
  const fromEnv = Number(process.env.PULUMI_PARALLEL);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism() * 4;
}
