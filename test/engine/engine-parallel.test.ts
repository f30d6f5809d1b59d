import { compileEngineForTests } from "./compile-for-tests";
import type { FileSpec } from "./fixtures/toy-program";
import { maxInFlight, ToyStack } from "./fixtures/toy-stack";

beforeAll(() => compileEngineForTests());

const files = (n: number, extra: Partial<FileSpec> = {}): FileSpec[] =>
  Array.from({ length: n }, (_, i) => ({ resource: `f${i}`, name: `f${i}.txt`, content: `${i}`, delayMs: 40, ...extra }));

describe("parallelism", () => {
  let stack: ToyStack;
  beforeEach(() => (stack = new ToyStack()));
  afterEach(() => stack.dispose());

  test.each([
    [20, 8],
    [6, 1],
  ])("an up of %i independent resources at parallel %i overlaps creates, never beyond the limit", async (n, parallel) => {
    const result = await stack.up(files(n), { parallel });
    expect(result.ok).toBe(true);
    expect(Object.keys(stack.files())).toHaveLength(n);
    const inFlight = maxInFlight(stack.journal(), "create");
    expect(inFlight).toBeLessThanOrEqual(parallel);
    expect(inFlight).toBeGreaterThanOrEqual(Math.min(parallel, 2));
  });

  test("dependencies are honoured under parallelism", async () => {
    const chain: FileSpec[] = [
      { resource: "a", name: "a.txt", content: "a", delayMs: 40 },
      { resource: "b", name: "b.txt", content: "b", delayMs: 40, dependsOn: ["a"] },
      { resource: "c", name: "c.txt", content: "c", delayMs: 40, dependsOn: ["b"] },
      { resource: "x", name: "x.txt", content: "x", delayMs: 40 },
    ];
    await stack.up(chain, { parallel: 8 });
    const journal = stack.journal();
    const at = (line: string) => journal.indexOf(line);
    expect(at("end create a.txt")).toBeLessThan(at("begin create b.txt"));
    expect(at("end create b.txt")).toBeLessThan(at("begin create c.txt"));
    expect(at("end create x.txt")).toBeGreaterThan(-1);
  });

  test("updates run concurrently too, and destroy deletes everything", async () => {
    await stack.up(files(10), { parallel: 4 });
    await stack.up(files(10, { content: "changed" }), { parallel: 4 });
    expect(maxInFlight(stack.journal(), "update")).toBeGreaterThan(1);
    expect(maxInFlight(stack.journal(), "update")).toBeLessThanOrEqual(4);
    const destroyed = await stack.engine([]).destroy({ parallel: 4 });
    expect(destroyed.outcomes.filter((o) => o.status === "ok")).toHaveLength(10);
    expect(stack.files()).toEqual({});
  });
});
