import * as fs from "fs";
import * as path from "path";
import { compileEngineForTests } from "./compile-for-tests";
import type { FileSpec } from "./fixtures/toy-program";
import { TOY_TYPE, ToyStack } from "./fixtures/toy-stack";

beforeAll(() => compileEngineForTests());

const a: FileSpec = { resource: "a", name: "a.txt", content: "alpha" };
const b: FileSpec = { resource: "b", name: "b.txt", content: "bravo", dependsOn: ["a"] };

describe("one stack through its lifecycle", () => {
  const stack = new ToyStack();
  afterAll(() => stack.dispose());

  test("preview plans creates and never calls Create", async () => {
    const preview = await stack.preview([a, b]);
    expect(preview.steps.map((s) => [s.name, s.op])).toEqual([["a", "create"], ["b", "create"]]);
    expect(preview.text).toBe(
      [`+ ${TOY_TYPE} a create`, `+ ${TOY_TYPE} b create`, "Resources: + 2 to create"].join("\n"),
    );
    expect(stack.files()).toEqual({});
    expect(stack.journal()).toEqual([]);
    expect(stack.stateText()).toBe("");
  });

  test("up creates the files and records id, inputs and outputs", async () => {
    const result = await stack.up([a, b]);
    expect(result.errors).toEqual([]);
    expect(stack.files()).toEqual({ "a.txt": "alpha", "b.txt": "bravo" });
    const state = stack.engine([]).state();
    expect(state.resources.map((r) => [r.urn, r.id])).toEqual([
      [stack.urn("a"), path.join(stack.dir, "a.txt")],
      [stack.urn("b"), path.join(stack.dir, "b.txt")],
    ]);
    expect(state.resources[1]).toMatchObject({ dependencies: [stack.urn("a")], outputs: { path: path.join(stack.dir, "b.txt") } });
    expect(state.resources[0].outputs.__provider).toBe(state.resources[0].inputs.__provider);
  });

  test("a second up of the same program is all same steps and calls nothing that writes", async () => {
    const before = stack.journal();
    const result = await stack.up([a, b]);
    expect(result.steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect(result.text).toBe("Resources: 2 unchanged");
    expect(stack.journal()).toEqual(before);
  });

  test("changing an input is an update", async () => {
    const changed = { ...a, content: "alpha-2" };
    expect((await stack.preview([changed, b])).text).toBe(
      [`~ ${TOY_TYPE} a update [diff: ~content]`, "Resources: ~ 1 to update, 1 unchanged"].join("\n"),
    );
    const result = await stack.up([changed, b]);
    expect(result.outcomes).toEqual([expect.objectContaining({ urn: stack.urn("a"), op: "update", status: "ok" })]);
    expect(stack.files()["a.txt"]).toBe("alpha-2");
    expect(stack.journal().slice(-2)).toEqual(["begin update a.txt", "end update a.txt"]);
  });

  test("changing a replace key in the same directory deletes before it creates", async () => {
    const renamed = { ...a, name: "a2.txt", content: "alpha-2" };
    const preview = await stack.preview([renamed, b]);
    expect(preview.steps[0]).toMatchObject({ op: "replace", replaces: ["name"], deleteBeforeReplace: true, diffKeys: ["name"] });
    expect(preview.text.split("\n")[0]).toBe(`+- ${TOY_TYPE} a replace [diff: ~name]`);

    const mark = stack.journal().length;
    await stack.up([renamed, b]);
    expect(stack.journal().slice(mark)).toEqual(["delete a.txt", "begin create a2.txt", "end create a2.txt"]);
    expect(Object.keys(stack.files()).sort()).toEqual(["a2.txt", "b.txt"]);
    expect(stack.engine([]).state().resources.filter((r) => r.urn === stack.urn("a"))).toHaveLength(1);
  });

  test("refresh records drift into outputs and inputs, and the next preview shows it", async () => {
    fs.writeFileSync(path.join(stack.dir, "b.txt"), "edited by hand");
    const refresh = await stack.engine([]).refresh();
    expect(refresh.changes).toContainEqual({ urn: stack.urn("b"), change: "updated", outputKeys: ["content"], inputKeys: ["content"] });
    expect(refresh.text).toContain(`~ ${TOY_TYPE} b updated [diff: ~content]`);
    const b2 = stack.engine([]).state().resources.find((r) => r.urn === stack.urn("b"))!;
    expect([b2.outputs.content, b2.inputs.content]).toEqual(["edited by hand", "edited by hand"]);

    const preview = await stack.preview([{ ...a, name: "a2.txt", content: "alpha-2" }, b]);
    expect(preview.steps[1]).toMatchObject({ op: "update", diffKeys: ["content"] });
  });

  test("refresh after an out-of-band deletion removes the resource from state", async () => {
    fs.rmSync(path.join(stack.dir, "a2.txt"));
    const refresh = await stack.engine([]).refresh();
    expect(refresh.changes).toContainEqual({ urn: stack.urn("a"), change: "deleted", outputKeys: [], inputKeys: [] });
    expect(stack.engine([]).state().resources.map((r) => r.urn)).toEqual([stack.urn("b")]);
  });

  test("destroy deletes dependents first and empties the state", async () => {
    await stack.up([a, b]);
    const mark = stack.journal().length;
    const result = await stack.engine([]).destroy();
    expect(result.ok).toBe(true);
    expect(stack.journal().slice(mark)).toEqual(["delete b.txt", "delete a.txt"]);
    expect(stack.files()).toEqual({});
    expect(stack.engine([]).state().resources).toEqual([]);
  });
});

describe("the engine's own decisions", () => {
  let stack: ToyStack;
  beforeEach(() => (stack = new ToyStack()));
  afterEach(() => stack.dispose());

  test("a resource dropped from the program is deleted, after the resources that depend on it", async () => {
    await stack.up([a, b, { resource: "c", name: "c.txt", content: "c" }]);
    const mark = stack.journal().length;
    const result = await stack.up([{ resource: "c", name: "c.txt", content: "c" }]);
    expect(result.text).toBe([`- ${TOY_TYPE} b delete`, `- ${TOY_TYPE} a delete`, "Resources: - 2 to delete, 1 unchanged"].join("\n"));
    expect(stack.journal().slice(mark)).toEqual(["delete b.txt", "delete a.txt"]);
  });

  test("a replace key change across directories creates first and deletes the old one last", async () => {
    const other = path.join(stack.dir, "other");
    fs.mkdirSync(other);
    await stack.up([a]);
    const result = await stack.up([{ ...a, dir: other }]);
    expect(result.steps[0]).toMatchObject({ op: "replace", replaces: ["dir"], deleteBeforeReplace: false });
    const order = stack.events.flatMap((e) => (e.kind === "step-finished" && e.urn === stack.urn("a") ? [e.op] : []));
    expect(order.slice(-2)).toEqual(["replace", "delete"]);
    expect(fs.existsSync(path.join(other, "a.txt"))).toBe(true);
    expect(stack.files()).toEqual({});
    expect(stack.engine([]).state().resources.map((r) => [r.urn, r.pendingDelete ?? false])).toEqual([[stack.urn("a"), false]]);
  });

  // DIFF_UNKNOWN ("unknown") lets the engine compare inputs itself, which can only ever mean update, never replace.
  test.each<["normal" | "unknown", Partial<FileSpec>, string, string[]]>([
    ["normal", {}, "same", []],
    ["unknown", {}, "same", []],
    ["normal", { content: "changed" }, "update", ["content"]],
    ["unknown", { content: "changed" }, "update", ["content"]],
    ["normal", { name: "renamed.txt" }, "replace", ["name"]],
    ["unknown", { name: "renamed.txt" }, "update", ["name"]],
  ])("diffMode %s with change %j plans %s", async (diffMode, change, op, diffKeys) => {
    await stack.up([{ ...a, diffMode }]);
    const preview = await stack.preview([{ ...a, diffMode, ...change }]);
    expect(preview.steps[0]).toMatchObject({ op, diffKeys });
  });

  // A new `__provider` text alone: DIFF_UNKNOWN means update (pulumi/pulumi#12401); a provider that answers
  // "no changes" gets a same step, which keeps the OLD code in outputs for later Read/Delete (#16826).
  test.each([
    ["unknown", "update", "new"],
    ["normal", "same", "old"],
  ] as const)("with diffMode %s, changed provider code alone is %s and outputs keep the %s code", async (diffMode, op, kept) => {
    await stack.up([{ ...a, diffMode }]);
    const resources = await stack.capture([{ ...a, diffMode }]);
    const oldCode = resources[0].inputs.__provider as string;
    const newCode = `${oldCode}\n// provider code v2`;
    resources[0].inputs.__provider = newCode;
    const result = await stack.engine([]).up(resources);
    expect(result.steps[0]).toMatchObject({ op, diffKeys: [] });
    const [state] = stack.engine([]).state().resources;
    expect(state.inputs.__provider).toBe(newCode);
    expect(state.outputs.__provider).toBe(kept === "new" ? newCode : oldCode);
  });

  test("check failures surface with property and reason, and independent resources still apply", async () => {
    const bad: FileSpec = { resource: "bad", name: "Bad Name", content: "x" };
    const preview = await stack.preview([bad, a]);
    expect(preview.steps[0].failures).toEqual([{ property: "name", reason: expect.stringContaining("must match") }]);
    expect(preview.text).toContain(`    error: ${TOY_TYPE} resource 'bad': property name value {"Bad Name"} has a problem: name must match`);

    const result = await stack.up([bad, a]);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ urn: stack.urn("bad"), message: expect.stringContaining("property name") })]);
    expect(stack.files()).toEqual({ "a.txt": "alpha" });
  });

  test("a failed step skips its dependents", async () => {
    const result = await stack.up([{ ...a, failCreate: "total" }, b]);
    expect(result.outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ urn: stack.urn("a"), status: "failed", error: expect.stringContaining("refused") }),
        expect.objectContaining({ urn: stack.urn("b"), status: "skipped" }),
      ]),
    );
    expect(stack.engine([]).state().resources).toEqual([]);
  });

  test("a partial failure keeps the resource in state with init errors; the next up updates it", async () => {
    const partial = { ...a, failCreate: "partial" as const };
    const first = await stack.up([partial]);
    expect(first.errors).toEqual([expect.objectContaining({ op: "create", message: expect.stringContaining("did not initialize") })]);
    const [kept] = stack.engine([]).state().resources;
    expect(kept).toMatchObject({ id: path.join(stack.dir, "a.txt"), initErrors: ["content was not accepted by the toy daemon"] });
    expect(kept.outputs.__provider).toBe(kept.inputs.__provider);

    const second = await stack.up([partial]);
    expect(second.steps[0].op).toBe("update");
    expect(second.ok).toBe(true);
    expect(stack.engine([]).state().resources[0].initErrors).toBeUndefined();
  });

  test("events report steps with durations and the provider's log lines", async () => {
    await stack.up([a]);
    expect(stack.events[0]).toEqual({ kind: "operation-started", operation: "up" });
    expect(stack.events).toContainEqual({ kind: "step-started", urn: stack.urn("a"), op: "create" });
    expect(stack.events).toContainEqual(expect.objectContaining({ kind: "step-finished", status: "ok", durationMs: expect.any(Number) }));
    expect(stack.events).toContainEqual({ kind: "provider-log", stream: "stdout", line: `toy: created ${path.join(stack.dir, "a.txt")}` });
    expect(stack.events.at(-1)).toEqual(expect.objectContaining({ kind: "operation-finished", operation: "up", errors: 0 }));
  });
});
