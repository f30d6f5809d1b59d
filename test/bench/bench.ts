// `npm run bench -- [--hosts N (50)] [--rtt-ms R (20)] [--parallel P (8)] [--json] [--samples S (200)] [--full-hosts]`: the fleet
// workloads (up, refresh, update, destroy, multi) through the engine-less driver and the real provider host,
// each next to its baseline (a fresh ssh2 connection per command) and its floor, plus round trips per
// operation, the warm exec round trip, `__provider`'s size and the provider host's peak RSS. Not part of npm test.
import * as pulumi from "@pulumi/pulumi";
import { LaggProvider } from "../../provider/provider";
import { SerializedLaggProvider } from "../../provider/serialized-provider";
import { closeAllConnections, runScript } from "../../provider/ssh";
import { ReplayCache, startSimHost, type SimHost } from "../sim";
import { parseBenchArgs, type BenchArgs } from "./args";
import { defaultClient, execOnFreshConnection } from "./baseline";
import { createCommands, destroyCommands, refreshCommands, updateCommands } from "./baseline-commands";
import { startEchoServer } from "./echo-server";
import { BENCH_NICS, benchLagg, FleetStack, type WorkloadRun } from "./fleet";
import { bareHandshakeMs, floorMs } from "./floor";
import { countRoundTrips } from "./round-trips";
import { mapLimit, msSince, quantile } from "./stats";

const log = (s: string) => process.stderr.write(`${s}\n`);
const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

async function warmExec(samples: number) {
  const echo = await startEchoServer();
  const conn = { host: echo.host, port: echo.port, user: "root", privateKey: echo.privateKey, insecureSkipHostKeyCheck: true };
  const ours: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const t0 = process.hrtime.bigint();
    await runScript(conn, "echo ok\n");
    if (i > 0) ours.push(msSince(t0));
  }
  await closeAllConnections();
  const base: number[] = [];
  const c = await defaultClient({ host: echo.host, port: echo.port, user: "root", privateKey: echo.privateKey });
  for (let i = 0; i <= Math.min(samples, 50); i++) {
    const t0 = process.hrtime.bigint();
    await c.exec("echo ok");
    if (i > 0) base.push(msSince(t0));
  }
  c.end();
  await echo.close();
  return { samples: ours.length, oursMedianMs: quantile(ours, 0.5), oursP95Ms: quantile(ours, 0.95), baselineMedianMs: quantile(base, 0.5), baselineP95Ms: quantile(base, 0.95) };
}

/** Each operation in process against one host without latency (the old `operations` rows). */
async function operations() {
  const sim = await startSimHost({ interfaces: BENCH_NICS });
  const p = new LaggProvider();
  const rows: { op: string; execs: number; connections: number; ms: number }[] = [];
  const measure = async (op: string, fn: () => Promise<unknown>) => {
    await closeAllConnections(); // each op as its own `pulumi` run: a cold pool
    const e0 = sim.execs.length;
    const t0 = process.hrtime.bigint();
    await fn();
    const ms = msSince(t0);
    const execs = sim.execs.slice(e0);
    rows.push({ op, execs: execs.length, connections: new Set(execs.map((x) => x.sessionId)).size, ms: round(ms, 1) });
  };
  const args = { connection: { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey }, ...benchLagg(0) };
  let outs: Record<string, unknown> = {};
  await measure("create", async () => (outs = (await p.create(args)).outs));
  await measure("read", () => p.read("lagg0", outs));
  await measure("update", async () => (outs = (await p.update("lagg0", outs, { ...args, mtu: 1500 })).outs!));
  await measure("delete", () => p.delete("lagg0", outs));
  await closeAllConnections();
  await sim.stop();
  return rows;
}

/**
 * Runs `commands()` on each host, each command on a fresh connection, hosts `parallel` at a time. With fewer
 * `sample` hosts than the fleet, the time is scaled by waves: ceil(fleet / parallel) / ceil(sample / parallel).
 */
async function baseline(sims: SimHost[], parallel: number, commands: () => string[], sample = sims.length): Promise<number> {
  const hosts = sims.slice(0, Math.min(sample, sims.length));
  const t0 = process.hrtime.bigint();
  await mapLimit(hosts, parallel, async (s) => {
    for (const cmd of commands()) await execOnFreshConnection({ host: s.host, port: s.port, user: s.user, privateKey: s.privateKey }, cmd);
  });
  return msSince(t0) * (Math.ceil(sims.length / parallel) / Math.ceil(hosts.length / parallel));
}

interface WorkloadRow {
  oursMs: number; baselineMs: number; floorMs: number; connections: number; execs: number; providerCpuMsPerHost: number;
  ratioToFloor: number; speedupVsBaseline: number; hostScriptMs: number; peakRssMb: number;
}

async function fleet(a: BenchArgs, warmExecMs: number) {
  log(`fleet: starting ${a.hosts} simulated hosts with ${a.rttMs} ms RTT...`);
  // Cheap host mode: each distinct script runs for real on the first host that gets it, the others replay it.
  const replay = a.cheapHosts ? new ReplayCache() : undefined;
  const sims = await mapLimit(Array.from({ length: a.hosts }), 4, () => startSimHost({ latencyMs: a.rttMs, interfaces: BENCH_NICS, replay }));
  const single = new FleetStack(sims, a.parallel, 1);
  const multi = new FleetStack(sims, a.parallel, 4);
  try {
    const handshakeMs = await bareHandshakeMs(sims[0]);
    const row = (run: WorkloadRun, baselineMs: number, operationsPerHost: number): WorkloadRow => {
      const floor = floorMs({ handshakeMs, rttMs: a.rttMs, warmExecMs, operationsPerHost, hostScriptMs: run.hostScriptMs, parallel: a.parallel });
      return {
        oursMs: round(run.ms), baselineMs: round(baselineMs), floorMs: round(floor), connections: run.connectionsPerHost,
        execs: round(run.execsPerOperation, 2), providerCpuMsPerHost: round(run.providerCpuMsPerHost, 1),
        ratioToFloor: round(run.ms / floor, 2), speedupVsBaseline: round(baselineMs / run.ms, 1),
        hostScriptMs: round(run.hostScriptMs.reduce((x, y) => x + y, 0) / run.hostScriptMs.length), peakRssMb: round(run.peakRssMb),
      };
    };
    const workloads: Record<string, WorkloadRow> = {};
    log("fleet: up...");
    const up = await single.up(await single.resources());
    log("fleet: refresh...");
    const refresh = await single.refresh();
    log("fleet: update (MTU 9000 -> 1500)...");
    const update = await single.up(await single.resources(1500));
    log("fleet: destroy...");
    const destroy = await single.destroy();
    log("fleet: multi (4 laggs per host)...");
    const multiUp = await multi.up(await multi.resources());
    await multi.destroy();

    log("fleet: baselines (a fresh connection per command)...");
    const b = a.baselineHosts;
    const upBase = await baseline(sims, a.parallel, () => createCommands(0), b);
    const refreshBase = await baseline(sims, a.parallel, refreshCommands, b);
    const updateBase = await baseline(sims, a.parallel, updateCommands, b);
    const destroyBase = await baseline(sims, a.parallel, () => destroyCommands(0), b);
    const multiBase = await baseline(sims, a.parallel, () => [0, 1, 2, 3].flatMap(createCommands), b);
    await baseline(sims, a.parallel, () => [0, 1, 2, 3].flatMap(destroyCommands), b);

    workloads.up = row(up, upBase, 1);
    workloads.refresh = row(refresh, refreshBase, 1);
    workloads.update = row(update, updateBase, 1);
    workloads.destroy = row(destroy, destroyBase, 1);
    workloads.multi = row(multiUp, multiBase, 4);
    return {
      workloads, handshakeMs: round(handshakeMs, 1), baselineCommandsPerHost: createCommands(0).length,
      baselineHosts: Math.min(a.baselineHosts ?? sims.length, sims.length),
      hostMode: replay ? { cheap: true, execsRunForReal: replay.recorded, execsReplayed: replay.replayed } : { cheap: false },
    };
  } finally {
    single.dispose();
    multi.dispose();
    await mapLimit(sims, 8, (s) => s.stop());
  }
}

async function providerSize() {
  const sf = await pulumi.runtime.serializeFunction(() => new SerializedLaggProvider(), { allowSecrets: true });
  return sf.text.length;
}

async function main() {
  const a = parseBenchArgs(process.argv.slice(2));
  log("warm exec round trip (in-process SSH server, no process spawn)...");
  const exec = await warmExec(a.samples);
  log("operations against a simulated host...");
  const ops = await operations();
  log(`round trips per operation (tracing proxy, ${a.rttMs || 20} ms RTT)...`);
  const roundTrips = await countRoundTrips(a.rttMs || 20);
  const fl = await fleet(a, exec.oursMedianMs);
  const w = fl.workloads;
  const up = w.up;
  const peakRssMb = Math.max(...Object.values(w).map((x) => x.peakRssMb));
  const result = {
    hosts: a.hosts, rttMs: a.rttMs, parallel: a.parallel,
    workloads: Object.fromEntries(Object.entries(w).map(([k, x]) => [k, {
      oursMs: x.oursMs, baselineMs: x.baselineMs, floorMs: x.floorMs, connections: x.connections, execs: x.execs, providerCpuMsPerHost: x.providerCpuMsPerHost,
    }])),
    roundTrips,
    warmExecMs: round(exec.oursMedianMs, 2),
    providerBytes: await providerSize(),
    peakRssMb,
    // Kept for the tools that read the earlier shape.
    warmExec: exec,
    operations: ops,
    fleet: {
      hosts: a.hosts, latencyMs: a.rttMs, parallel: a.parallel, oursMs: up.oursMs, floorMs: up.floorMs, ratioToFloor: up.ratioToFloor,
      baselineMs: up.baselineMs, speedupVsBaseline: up.speedupVsBaseline, scriptMs: ops.find((o) => o.op === "create")?.ms ?? 0,
      baselineCommandsPerHost: fl.baselineCommandsPerHost, loadedScriptMs: up.hostScriptMs,
    },
    rssMb: round(process.memoryUsage().rss / 2 ** 20),
    // Details behind the numbers above.
    details: { handshakeMs: fl.handshakeMs, hostMode: fl.hostMode, baselineHosts: fl.baselineHosts, workloads: w },
  };
  if (a.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const r = (x: number) => x.toFixed(2);
  console.log(`\nwarm exec round trip   ours median ${r(exec.oursMedianMs)} ms (p95 ${r(exec.oursP95Ms)})   ssh2 defaults median ${r(exec.baselineMedianMs)} ms (p95 ${r(exec.baselineP95Ms)})`);
  console.log(`round trips (tracing proxy): fresh create ${roundTrips.fresh}, pooled create ${roundTrips.create}, read ${roundTrips.read}, update ${roundTrips.update}, delete ${roundTrips.delete}`);
  const mode = fl.hostMode.cheap ? `cheap hosts: ${fl.hostMode.execsRunForReal} execs run for real, ${fl.hostMode.execsReplayed} replayed` : "full hosts";
  console.log(`\n${a.hosts} hosts, ${a.rttMs} ms RTT, parallel ${a.parallel}; bare ssh2 handshake ${fl.handshakeMs} ms; ${mode}`);
  console.log("workload      ours ms  floor ms  x floor  baseline ms  x faster  conns/host  execs/op  host script ms  provider cpu ms/host");
  for (const [name, x] of Object.entries(w)) {
    console.log(`${name.padEnd(10)} ${String(x.oursMs).padStart(10)} ${String(x.floorMs).padStart(9)} ${String(x.ratioToFloor).padStart(8)} ${String(x.baselineMs).padStart(12)} ${String(x.speedupVsBaseline).padStart(9)} ${String(x.connections).padStart(11)} ${String(x.execs).padStart(9)} ${String(x.hostScriptMs).padStart(15)} ${String(x.providerCpuMsPerHost).padStart(21)}`);
  }
  console.log(`\n__provider ${result.providerBytes} bytes per resource; provider host peak RSS ${peakRssMb} MiB; bench process RSS ${result.rssMb} MiB`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
