// `npm run bench [-- --json] [--hosts N] [--latency-ms L] [--parallel P] [--samples S]`:
// transport and fleet performance against simulated hosts, ours and the baseline in one run.
import * as pulumi from "@pulumi/pulumi";
import { LaggProvider } from "../../provider/provider";
import { SerializedLaggProvider } from "../../provider/serialized-provider";
import { closeAllConnections, runScript } from "../../provider/ssh";
import { convergeSpec } from "../../provider/operations/spec";
import { startSimHost, type SimHost } from "../sim";
import { defaultClient, execOnFreshConnection } from "./baseline";
import { startEchoServer } from "./echo-server";
import { mapLimit, msSince, quantile } from "./stats";
import { shJoin } from "../../provider/shell";
import { checkLaggArgs } from "../../provider/schema";
import type { LaggInputs } from "../../provider/types";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const JSON_OUT = process.argv.includes("--json");
const HOSTS = arg("hosts", 16);
const LATENCY = arg("latency-ms", 20);
const PARALLEL = arg("parallel", 8);
const SAMPLES = arg("samples", 200);
/** Round trips of a fresh connection plus one exec with ssh2 (design §5: the protocol floor is ~7). */
const FLOOR_RTTS = 7;
const log = (s: string) => process.stderr.write(`${s}\n`);

const laggArgs = (sim: SimHost, name = "lagg0") =>
  ({ connection: { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey }, name, protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, addresses: ["192.0.2.10/24"], description: "bench" }) as Record<string, unknown>;

async function warmExec() {
  const echo = await startEchoServer();
  const conn = { host: echo.host, port: echo.port, user: "root", privateKey: echo.privateKey, insecureSkipHostKeyCheck: true };
  const ours: number[] = [];
  for (let i = 0; i <= SAMPLES; i++) {
    const t0 = process.hrtime.bigint();
    await runScript(conn, "echo ok\n");
    if (i > 0) ours.push(msSince(t0));
  }
  await closeAllConnections();
  const base: number[] = [];
  const c = await defaultClient({ host: echo.host, port: echo.port, user: "root", privateKey: echo.privateKey });
  for (let i = 0; i <= Math.min(SAMPLES, 50); i++) {
    const t0 = process.hrtime.bigint();
    await c.exec("echo ok");
    if (i > 0) base.push(msSince(t0));
  }
  c.end();
  await echo.close();
  return { samples: ours.length, oursMedianMs: quantile(ours, 0.5), oursP95Ms: quantile(ours, 0.95), baselineMedianMs: quantile(base, 0.5), baselineP95Ms: quantile(base, 0.95) };
}

async function operations() {
  const sim = await startSimHost({});
  const p = new LaggProvider();
  const rows: { op: string; execs: number; connections: number; ms: number }[] = [];
  const measure = async (op: string, fn: () => Promise<unknown>) => {
    await closeAllConnections(); // each op as its own `pulumi` run: a cold pool
    const e0 = sim.execs.length;
    const t0 = process.hrtime.bigint();
    await fn();
    const ms = msSince(t0);
    const execs = sim.execs.slice(e0);
    rows.push({ op, execs: execs.length, connections: new Set(execs.map((x) => x.sessionId)).size, ms: Math.round(ms * 10) / 10 });
  };
  const args = laggArgs(sim);
  let outs: Record<string, unknown> = {};
  await measure("create", async () => (outs = (await p.create(args)).outs));
  await measure("read", () => p.read("lagg0", outs));
  await measure("update", async () => (outs = (await p.update("lagg0", outs, { ...args, mtu: 1500 })).outs!));
  await measure("delete", () => p.delete("lagg0", outs));
  await closeAllConnections();
  await sim.stop();
  return rows;
}

/** The commands a create runs, one per `@pulumi/command`-style remote command. */
function createCommands(args: Record<string, unknown>): string[] {
  const spec = convergeSpec({ operation: "create", nonce: "x", news: checkLaggArgs(args).inputs as unknown as LaggInputs, checkActual: false });
  const persist = (spec.rcConf?.set ?? []).map(([k, v]) => shJoin(["sysrc", `${k}=${v}`]));
  return [...spec.steps.map((s) => shJoin(s.argv)), "sysrc cloned_interfaces+=lagg0", ...persist];
}

async function fleet() {
  log(`fleet: starting ${HOSTS} simulated hosts with ${LATENCY} ms RTT...`);
  const sims = await mapLimit(Array.from({ length: HOSTS }), 4, () => startSimHost({ latencyMs: LATENCY }));
  const p = new LaggProvider();
  try {
    // The script's own run time on one host without latency, for the floor.
    const solo = await startSimHost({});
    let t0 = process.hrtime.bigint();
    const o = (await p.create(laggArgs(solo))).outs;
    const scriptMs = msSince(t0);
    await p.delete("lagg0", o);
    await closeAllConnections();
    await solo.stop();

    t0 = process.hrtime.bigint();
    const created = await mapLimit(sims, PARALLEL, async (s) => (await p.create(laggArgs(s))).outs);
    const oursMs = msSince(t0);
    // How long each host took to run its script while all of them shared this machine's cores.
    const loaded = sims.map((s) => s.execs[s.execs.length - 1]?.durationMs ?? 0);
    const loadedScriptMs = loaded.reduce((a, b) => a + b, 0) / loaded.length;
    await closeAllConnections();
    await mapLimit(sims, PARALLEL, async (s) => p.delete("lagg0", created[sims.indexOf(s)]));
    await closeAllConnections();

    log("fleet: baseline (a fresh connection per command)...");
    t0 = process.hrtime.bigint();
    await mapLimit(sims, PARALLEL, async (s) => {
      for (const cmd of createCommands(laggArgs(s))) await execOnFreshConnection({ host: s.host, port: s.port, user: s.user, privateKey: s.privateKey }, cmd);
    });
    const baselineMs = msSince(t0);
    const waves = Math.ceil(HOSTS / PARALLEL);
    const floorMs = waves * (FLOOR_RTTS * LATENCY + scriptMs);
    return {
      hosts: HOSTS, latencyMs: LATENCY, parallel: PARALLEL, oursMs: Math.round(oursMs), floorMs: Math.round(floorMs),
      ratioToFloor: Math.round((oursMs / floorMs) * 100) / 100, baselineMs: Math.round(baselineMs),
      speedupVsBaseline: Math.round((baselineMs / oursMs) * 10) / 10, scriptMs: Math.round(scriptMs),
      baselineCommandsPerHost: createCommands(laggArgs(sims[0])).length,
      loadedScriptMs: Math.round(loadedScriptMs),
    };
  } finally {
    await closeAllConnections();
    await mapLimit(sims, 8, (s) => s.stop());
  }
}

async function providerSize() {
  const sf = await pulumi.runtime.serializeFunction(() => new SerializedLaggProvider(), { allowSecrets: true });
  return sf.text.length;
}

async function main() {
  log("warm exec round trip (in-process SSH server, no process spawn)...");
  const exec = await warmExec();
  log("operations against a simulated host...");
  const ops = await operations();
  const fl = await fleet();
  const result = { warmExec: exec, operations: ops, fleet: fl, providerBytes: await providerSize(), rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) };
  if (JSON_OUT) {
    process.stdout.write(JSON.stringify(result) + "\n");
    return;
  }
  const r = (x: number) => x.toFixed(2);
  console.log(`\nwarm exec round trip   ours median ${r(exec.oursMedianMs)} ms (p95 ${r(exec.oursP95Ms)})   ssh2 defaults median ${r(exec.baselineMedianMs)} ms (p95 ${r(exec.baselineP95Ms)})`);
  console.log("\noperation   execs  connections   ms");
  for (const o of ops) console.log(`${o.op.padEnd(10)}  ${String(o.execs).padStart(5)}  ${String(o.connections).padStart(11)}  ${String(o.ms).padStart(6)}`);
  console.log(`\nfleet up: ${fl.hosts} hosts, ${fl.latencyMs} ms RTT, parallel ${fl.parallel}`);
  console.log(`  ours       ${fl.oursMs} ms   (${fl.ratioToFloor}x the floor of ${fl.floorMs} ms = ${Math.ceil(fl.hosts / fl.parallel)} waves x (${FLOOR_RTTS} RTT + ${fl.scriptMs} ms script))`);
  console.log(`             (under the fleet's load each simulated host took ${fl.loadedScriptMs} ms to run its script: the hosts share this machine's cores)`);
  console.log(`  baseline   ${fl.baselineMs} ms   (a fresh connection per command, ${fl.baselineCommandsPerHost} commands per host): ours is ${fl.speedupVsBaseline}x faster`);
  console.log(`\n__provider ${result.providerBytes} bytes per resource; RSS ${result.rssMb} MiB`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
