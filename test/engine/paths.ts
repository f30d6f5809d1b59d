// Where things live: the repo root, compiled siblings of this directory, and the dynamic-provider host script.

import * as fs from "fs";
import * as path from "path";

/** The nearest directory at or above `from` that holds a package.json. */
export function findPackageRoot(from: string): string {
  let dir = path.resolve(from);
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json at or above ${from}`);
    dir = up;
  }
  return dir;
}

/**
 * The compiled JS for a file of this directory. Running from dist/ it sits next to us; running from TS sources
 * (ts-jest) it is the same path under `<root>/dist/`, so `npm run build` (or tsc) must have run.
 */
export function compiledSibling(fileBase: string): string {
  const candidates = [path.join(__dirname, `${fileBase}.js`)];
  if (!__filename.endsWith(".js")) {
    const root = findPackageRoot(__dirname);
    candidates.unshift(path.join(root, "dist", path.relative(root, __dirname), `${fileBase}.js`));
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${fileBase}.js not found (looked in ${candidates.join(", ")}); compile first`);
  return found;
}

/** The dynamic-provider host script as the engine finds it: resolved from the program directory. */
export function dynamicProviderHostScript(cwd: string): string {
  return require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
}

/** The @pulumi/pulumi package directory that `cwd` resolves. */
export function pulumiPackageDir(cwd: string): string {
  return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [cwd] }));
}
