// No import circles in provider/: a circle makes load order decide which export is still undefined.
// `import type` statements are left out: TypeScript erases them, so they cannot form a load-time circle.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..", "..", "provider");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

/** Relative imports and re-exports of a file that exist at run time (with `types`: type-only ones too), resolved to files. */
function importsOf(file: string, types = false): string[] {
  const text = readFileSync(file, "utf8");
  const form = types ? /^\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gms : /^\s*(?:import|export)\s(?!type\s)[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gms;
  const specs = [...text.matchAll(form)].map((m) => m[1]);
  return specs.map((s) => {
    const base = resolve(dirname(file), s);
    for (const c of [`${base}.ts`, join(base, "index.ts")]) {
      try {
        if (statSync(c).isFile()) return c;
      } catch {
        /* try the next form */
      }
    }
    throw new Error(`${relative(ROOT, file)}: cannot resolve ${s}`);
  });
}

/** Every import circle, each as the list of files around it. */
function findCycles(files: string[], types = false): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f, types)]));
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") cycles.push([...stack.slice(stack.indexOf(g)), g].map((p) => relative(ROOT, p)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

test("provider/ has no import circles", () => {
  expect(findCycles(tsFiles(ROOT))).toEqual([]);
});

// Type-only circles cost nothing at run time but still tie two modules together (issue 18: plan.ts and
// address-plan.ts): the pieces they share live in a third file.
test("provider/ has no import circles through type-only imports either", () => {
  expect(findCycles(tsFiles(ROOT), true)).toEqual([]);
});

test("the walker finds a circle, through a re-export too, and ignores type-only imports", () => {
  const dir = mkdtempSync(join(tmpdir(), "lagg-cycles-"));
  try {
    writeFileSync(join(dir, "a.ts"), `import { b } from "./b";\nexport const a = b;\n`);
    writeFileSync(join(dir, "b.ts"), `export { c as b } from "./c";\n`);
    writeFileSync(join(dir, "c.ts"), `import {\n  a,\n} from "./a";\nexport const c = 1;\n`);
    writeFileSync(join(dir, "d.ts"), `import type { e } from "./e";\nexport const d = 1;\n`);
    writeFileSync(join(dir, "e.ts"), `import { d } from "./d";\nexport type e = typeof d;\n`);
    const cycles = findCycles(["a.ts", "b.ts", "c.ts", "d.ts", "e.ts"].map((f) => join(dir, f)));
    expect(cycles.map((c) => c.map((p) => p.split("/").pop()))).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
