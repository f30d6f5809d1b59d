// The bench's command line: `npm run bench -- [--hosts N] [--rtt-ms R] [--parallel P] [--json] [--samples S] [--full-hosts]`.

/** What one bench run measures. */
export interface BenchArgs {
  /** Simulated hosts in the fleet workloads (default 50). */
  hosts: number;
  /** Round-trip time the latency proxy in front of every host adds, in ms (default 20). */
  rttMs: number;
  /** Steps in flight, as the engine's `--parallel` (default 8). */
  parallel: number;
  /** Print one JSON line on stdout instead of the table. */
  json: boolean;
  /** Samples of the warm exec round trip (default 200). */
  samples: number;
  /**
   * Hosts the baselines run on (default: all). Fewer: the baseline's time is scaled by waves of `parallel` hosts
   * (each host's commands run alone on their lane), which keeps 200-host runs within the machine.
   */
  baselineHosts?: number;
  /** Fleet hosts replay scripts recorded on the first host in the same state (the cheap host mode); default true. */
  cheapHosts: boolean;
}

/** Parses argv (without node and the script); unknown flags are an error, so a typo does not bench the defaults. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { hosts: 50, rttMs: 20, parallel: 8, json: false, samples: 200, cheapHosts: true };
  const numbers: Record<string, keyof BenchArgs> = { "--baseline-hosts": "baselineHosts", "--hosts": "hosts", "--rtt-ms": "rttMs", "--latency-ms": "rttMs", "--parallel": "parallel", "--samples": "samples" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--json" || flag === "--full-hosts") {
      if (flag === "--json") out.json = true;
      else out.cheapHosts = false;
      continue;
    }
    const key = numbers[flag];
    const value = Number(argv[i + 1]);
    if (!key) throw new Error(`unknown flag ${flag}; use --hosts N --rtt-ms R --parallel P --samples S --baseline-hosts B --json --full-hosts`);
    if (!Number.isFinite(value) || value < 0 || (key !== "rttMs" && value < 1)) throw new Error(`${flag} needs a number, got ${argv[i + 1]}`);
    (out as unknown as Record<string, number>)[key] = value;
    i++;
  }
  return out;
}
