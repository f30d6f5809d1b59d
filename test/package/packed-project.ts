// Packs this checkout as `npm pack` would on a clean clone and installs the tarball into a fresh consumer
// project, the way an infra repo receives the package.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** This checkout. */
export const REPO = path.resolve(__dirname, "../..");

/** The newest @pulumi/pulumi that installs on Node 20 (3.249.0 and later need Node 22): the default. */
export const NEWEST_PULUMI_ON_NODE20 = "3.248.0";

function npm(cwd: string, args: string[]): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Copies the working tree's files (tracked and untracked, minus ignored ones: no dist/, no node_modules/) to a
 * temp directory, borrows this checkout's node_modules (what `npm ci` installs) and runs `npm pack` there, so the
 * package's own scripts build it from nothing and the shared dist/ here is left alone.
 */
export function packWorkingTree(workDir: string): { tarball: string; files: string[] } {
  const src = path.join(workDir, "src");
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
  for (const rel of listed.split("\0").filter(Boolean)) {
    if (!fs.existsSync(path.join(REPO, rel))) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    fs.copyFileSync(path.join(REPO, rel), path.join(src, rel));
  }
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(src, "node_modules"), "dir");
  npm(src, ["pack", "--pack-destination", workDir]);
  const tarball = fs.readdirSync(workDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  const files = execFileSync("tar", ["-tzf", path.join(workDir, tarball)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
  return { tarball: path.join(workDir, tarball), files };
}

/**
 * A new project that installs the tarball plus @pulumi/pulumi (the peer), TypeScript and @types/node from the
 * registry (the npm cache first), as `npm install pulumi-freebsd-lagg @pulumi/pulumi` would in an infra repo.
 */
export function installConsumer(workDir: string, tarball: string, pulumiVersion: string): string {
  const dir = path.join(workDir, "consumer");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "lagg-consumer", version: "0.0.0", private: true }));
  npm(dir, ["install", "--prefer-offline", tarball, `@pulumi/pulumi@${pulumiVersion}`, "typescript@5.9.3", "@types/node@20"]);
  return dir;
}

/** Compiles every .ts file in `dir` with strict settings like `pulumi new typescript`'s, plus JSON imports. */
export function compileStrict(dir: string, files: string[]): void {
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true, target: "ES2020", module: "commonjs", moduleResolution: "node", esModuleInterop: true,
        resolveJsonModule: true, skipLibCheck: false, outDir: "out", rootDir: ".", types: ["node"],
      },
      files,
    }),
  );
  try {
    execFileSync(process.execPath, [path.join(dir, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: dir, encoding: "utf8", stdio: "pipe" });
  } catch (e: any) {
    throw new Error(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
}

/** A temp directory for one packed-install run. */
export function makeWorkDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "lagg-pack-"));
}
