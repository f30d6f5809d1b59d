// Loaded into the provider host process with `node --require` (NODE_OPTIONS): when the engine stops the host,
// appends one JSON line with the process's own CPU time and peak RSS to $LAGG_BENCH_STATS. The simulator runs
// in the bench's process, so these numbers are the provider's alone.
import { appendFileSync } from "node:fs";

const path = process.env.LAGG_BENCH_STATS;
if (path) {
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    const cpu = process.cpuUsage();
    // resourceUsage().maxRSS is in KiB (getrusage ru_maxrss on Linux).
    const line = { pid: process.pid, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 };
    appendFileSync(path, `${JSON.stringify(line)}\n`);
  };
  process.on("exit", write);
  // The engine stops its host with SIGTERM: a handler keeps the default from killing it before `exit` runs.
  process.on("SIGTERM", () => {
    write();
    process.exit(0);
  });
}
