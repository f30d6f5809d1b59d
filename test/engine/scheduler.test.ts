import { runGraph, type GraphNode } from "./scheduler";

// Nodes whose run records start/finish and waits for the test to release it.
function recorder() {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const node = (key: string, deps: string[] = [], fail = false): GraphNode => ({
    key,
    deps,
    run: async () => {
      log.push(`start ${key}`);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      log.push(`end ${key}`);
      if (fail) throw new Error(`${key} failed`);
    },
  });
  return { log, node, max: () => maxInFlight };
}

test.each([1, 2, 5])("never more than %i in flight", async (parallel) => {
  const r = recorder();
  const results = await runGraph(["a", "b", "c", "d", "e", "f"].map((k) => r.node(k)), parallel);
  expect([...results.values()].every((x) => x.status === "ok")).toBe(true);
  expect(r.max()).toBe(parallel);
});

test("a node starts only after its dependencies ended", async () => {
  const r = recorder();
  await runGraph([r.node("b", ["a"]), r.node("a"), r.node("c", ["b", "not-in-graph"])], 4);
  expect(r.log.indexOf("end a")).toBeLessThan(r.log.indexOf("start b"));
  expect(r.log.indexOf("end b")).toBeLessThan(r.log.indexOf("start c"));
});

test("a failure skips dependents transitively and leaves independent nodes alone", async () => {
  const r = recorder();
  const results = await runGraph([r.node("a", [], true), r.node("b", ["a"]), r.node("c", ["b"]), r.node("x")], 2);
  expect(Object.fromEntries([...results].map(([k, v]) => [k, [v.status, v.blockedBy]]))).toEqual({
    a: ["failed", undefined],
    b: ["skipped", "a"],
    c: ["skipped", "b"],
    x: ["ok", undefined],
  });
  expect(r.log).not.toContain("start b");
});

test("a node waits for its ready promise without holding a slot", async () => {
  const r = recorder();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const results = runGraph([{ ...r.node("late"), ready: gate }, r.node("early")], 1);
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(r.log).toEqual(["start early", "end early"]);
  release();
  await results;
  expect(r.log).toEqual(["start early", "end early", "start late", "end late"]);
});

test("a dependency cycle fails its nodes instead of hanging", async () => {
  const r = recorder();
  const results = await runGraph([r.node("a", ["b"]), r.node("b", ["a"])], 2);
  expect([...results.values()].map((x) => x.status)).toEqual(["failed", "failed"]);
});
