#!/usr/bin/env node
// `lagg-print-script --create args.json` (the package's bin; in this repository `npm run print-script -- ...`) (also --update new.json --old old.json, --delete,
// --read, --confirm): prints the exact script(s) the provider would send to the host for these
// Lagg args, without connecting anywhere. args.json holds the args as in a program; `connection`
// may be left out (no script depends on it, and no secret ever goes into one).
import { readFileSync } from "node:fs";
import { PRINTABLE_OPERATIONS, renderScriptFor, type PrintableOperation } from "./print";

const USAGE = `usage: lagg-print-script --create|--update|--delete|--read|--confirm ARGS.json [--old OLD_ARGS.json]`;

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s), fail: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (argv.includes("--help")) {
    write(`${USAGE}\n`);
    return 0;
  }
  const op = PRINTABLE_OPERATIONS.find((o) => argv.includes(`--${o}`));
  const file = op ? argv[argv.indexOf(`--${op}`) + 1] : undefined;
  const oldFile = argv.includes("--old") ? argv[argv.indexOf("--old") + 1] : undefined;
  if (!op || !file) {
    fail(`${USAGE}\n`);
    return 2;
  }
  try {
    const read = (f: string) => JSON.parse(readFileSync(f, "utf8")) as Record<string, unknown>;
    const scripts = renderScriptFor(op as PrintableOperation, read(file), oldFile ? read(oldFile) : undefined);
    write(scripts.join("\n# ---- then, when the script above refused with RESULT 4 truenas (persist auto on TrueNAS CORE):\n"));
    return 0;
  } catch (e) {
    fail(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
