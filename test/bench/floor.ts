// The floor each workload is held to: per host, the SSH handshake a bare ssh2 client needs against the same
// latency proxy, one exec round trip per resource operation, and the host's own script time; hosts packed onto
// `parallel` lanes as the engine would run them.
import { Socket } from "node:net";
import { Client, utils } from "ssh2";
import type { AuthenticationType, ParsedKey } from "ssh2";
import type { SimHost } from "../sim";
import { msSince, quantile } from "./stats";

/** Median time of a bare ssh2 client from TCP connect to `ready` (publickey only, TCP_NODELAY), over `samples`. */
export async function bareHandshakeMs(sim: SimHost, samples = 5): Promise<number> {
  const key = utils.parseKey(sim.privateKey) as ParsedKey;
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const sock = new Socket();
      sock.setNoDelay(true);
      sock.connect(sim.port, sim.host);
      const c = new Client();
      c.on("ready", () => {
        times.push(msSince(t0));
        c.end();
        resolve();
      }).on("error", reject);
      c.connect({ sock, username: sim.user, authHandler: [{ type: "publickey", username: sim.user, key } as unknown as AuthenticationType], hostVerifier: () => true });
    });
  }
  return quantile(times, 0.5);
}

/** The makespan of `jobs` (ms each) on `parallel` lanes, each job to the lane that frees first, in order. */
export function makespanMs(jobs: readonly number[], parallel: number): number {
  const lanes = new Array<number>(Math.max(1, Math.min(parallel, jobs.length))).fill(0);
  for (const job of jobs) {
    const i = lanes.indexOf(Math.min(...lanes));
    lanes[i] += job;
  }
  return Math.max(0, ...lanes);
}

/** What one host's share of a workload costs at the floor. */
export interface FloorInputs {
  handshakeMs: number;
  rttMs: number;
  /** The warm exec round trip on loopback (the transport's own cost per exec). */
  warmExecMs: number;
  operationsPerHost: number;
  /** Each host's script time as its SSH server measured it in the run. */
  hostScriptMs: readonly number[];
  parallel: number;
}

/** The workload's floor in ms. */
export function floorMs(f: FloorInputs): number {
  const jobs = f.hostScriptMs.map((script) => f.handshakeMs + f.operationsPerHost * (f.rttMs + f.warmExecMs) + script);
  return makespanMs(jobs, f.parallel);
}
