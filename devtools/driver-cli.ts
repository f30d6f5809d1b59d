#!/usr/bin/env node
// `lagg-driver` (bin of the package): the engine-less driver for trying a Pulumi program without the Pulumi
// CLI; see driver-args.ts for its words and the README's "Testing your program without the Pulumi CLI".
import { DRIVER_USAGE, parseDriverArgs } from "./driver-args";
import { runDriver } from "./driver-run";

async function main(): Promise<number> {
  let run: ReturnType<typeof parseDriverArgs>;
  try {
    run = parseDriverArgs(process.argv.slice(2), process.cwd());
  } catch (error) {
    process.stderr.write(`lagg-driver: ${(error as Error).message.trimEnd()}\n`);
    return 64;
  }
  if (run === "help") {
    process.stdout.write(DRIVER_USAGE);
    return 0;
  }
  return runDriver(run, { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`lagg-driver: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
