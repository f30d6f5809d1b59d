// Round trips per resource operation, counted (not timed) by the tracing proxy: the provider's create, read,
// update and delete called in process against one simulated host behind a TracingProxy.
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { startSimHost } from "../sim";
import { benchLagg, BENCH_NICS } from "./fleet";
import { freshConnectionRoundTrips, TracingProxy, watchAckOnlyMessages } from "./trace-proxy";

/** Round trips each operation waited for. */
export interface RoundTrips {
  /** A create on a host with no pooled connection: TCP, SSH handshake, auth and the exec. */
  fresh: number;
  /** A create on the pooled connection (the joining ports' read, then the change, in one exec). */
  create: number;
  read: number;
  /** An MTU change. */
  update: number;
  delete: number;
}

/** Counts the round trips of each operation through a tracing proxy adding `rttMs`. */
export async function countRoundTrips(rttMs: number): Promise<RoundTrips> {
  const sim = await startSimHost({ interfaces: BENCH_NICS });
  const proxy = await TracingProxy.start(sim.port, rttMs);
  const unwatch = watchAckOnlyMessages(proxy);
  try {
    await closeAllConnections();
    const p = new LaggProvider();
    const args = { connection: { host: sim.host, port: proxy.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey }, ...benchLagg(0) };
    const count = async (op: () => Promise<unknown>): Promise<number> => {
      const mark = proxy.mark();
      // Read at once when the operation resolves: what ssh2 sends after the answer is not waited for.
      return op().then(() => proxy.answeredSince(mark));
    };
    let outs: Record<string, unknown> = {};
    const fresh = freshConnectionRoundTrips + await count(async () => (outs = (await p.create(args)).outs));
    const read = await count(() => p.read("lagg0", outs));
    const update = await count(async () => (outs = (await p.update("lagg0", outs, { ...args, mtu: 1500 })).outs ?? outs));
    const del = await count(() => p.delete("lagg0", outs));
    const create = await count(async () => (outs = (await p.create(args)).outs));
    await p.delete("lagg0", outs);
    return { fresh, create, read, update, delete: del };
  } finally {
    unwatch();
    await closeAllConnections();
    await proxy.close();
    await sim.stop();
  }
}
