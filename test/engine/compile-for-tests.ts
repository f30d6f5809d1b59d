// Test helper: compiles the capture child and the toy fixtures into dist/ (plain node runs them, and closure
// serialization captures modules by path). Only these files, so other work in progress cannot break the build.

import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findPackageRoot } from "./paths";

const ENTRY_POINTS = ["test/engine/capture-child.ts", "test/engine/fixtures/toy-program.ts"];

function newestMtime(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .reduce((max, e) => Math.max(max, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
}

function isFresh(root: string): boolean {
  return ENTRY_POINTS.every((entry) => {
    const out = path.join(root, "dist", entry.replace(/\.ts$/, ".js"));
    return fs.existsSync(out) && fs.statSync(out).mtimeMs >= newestMtime(path.join(root, "test/engine"));
  });
}

function withLock(lockDir: string, fn: () => void): void {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lockDir, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Compiles the driver's child-process entry points and fixtures into `<root>/dist` unless already fresh. */
export function compileEngineForTests(): void {
  const root = findPackageRoot(__dirname);
  withLock(path.join(os.tmpdir(), "lagg-engine-compile.lock"), () => {
    if (isFresh(root)) return;
    const tsconfig = path.join(os.tmpdir(), `lagg-engine-tsconfig-${process.pid}.json`);
    fs.writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: path.join(root, "tsconfig.json"),
        compilerOptions: {
          outDir: path.join(root, "dist"),
          rootDir: root,
          typeRoots: [path.join(root, "node_modules/@types")],
          incremental: false,
          declaration: false,
        },
        files: ENTRY_POINTS.map((e) => path.join(root, e)),
        include: [],
      }),
    );
    try {
      execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", tsconfig], { cwd: root });
    } finally {
      fs.rmSync(tsconfig, { force: true });
    }
  });
}
