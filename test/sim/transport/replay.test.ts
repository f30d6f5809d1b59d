// The bench's cheap host mode: hosts sharing a ReplayCache run a script once for real and replay it in process
// on a host in the same state, ending in the same kernel state and rc.conf as the host that ran it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LaggProvider } from "../../../provider/provider";
import { closeAllConnections } from "../../../provider/ssh";
import { ReplayCache, type SimHost } from "../index";
import { connect, exec, startHost, stopAllHosts } from "./helpers";

afterEach(async () => {
  await closeAllConnections();
  await stopAllHosts();
});

const args = (s: SimHost, mtu = 9000) => ({
  connection: { host: s.host, port: s.port, user: s.user, privateKey: s.privateKey, hostKey: s.hostKey },
  name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu, addresses: ["10.1.0.10/24", "fd00:1::10/64"], description: "bench",
});

async function hostView(s: SimHost): Promise<{ lagg: string; rcConf: string }> {
  const lagg = (await s.machine.run("ifconfig", ["-v", "lagg0"], { stdin: "", env: {} })).stdout;
  return { lagg, rcConf: readFileSync(join((s.machine as unknown as { rootDir: string }).rootDir, "etc/rc.conf"), "utf8") };
}

test("a create, a read, an MTU update and a delete replayed on a second host leave it exactly as the first", async () => {
  const cache = new ReplayCache();
  const [a, b] = [await startHost({ replay: cache }), await startHost({ replay: cache })];
  const p = new LaggProvider();
  const steps: ((s: SimHost, outs: Record<string, unknown>) => Promise<Record<string, unknown>>)[] = [
    async (s) => (await p.create(args(s))).outs,
    async (s, o) => (await p.read("lagg0", o)).props ?? o,
    async (s, o) => (await p.update("lagg0", o, args(s, 1500))).outs ?? o,
  ];
  const outs: Record<string, unknown>[] = [{}, {}];
  for (const step of steps) {
    for (const [i, s] of [a, b].entries()) outs[i] = await step(s, outs[i]);
    expect(await hostView(b)).toEqual(await hostView(a));
  }
  expect((await hostView(b)).rcConf).toMatch(/mtu 1500"/);
  for (const [i, s] of [a, b].entries()) await p.delete("lagg0", outs[i]);
  expect(await hostView(b)).toEqual(await hostView(a));
  expect((await b.machine.run("ifconfig", ["lagg0"], { stdin: "", env: {} })).exitCode).toBe(1);
  // Host a ran each script; host b replayed each (four execs each).
  expect({ recorded: cache.recorded, replayed: cache.replayed }).toEqual({ recorded: 4, replayed: 4 });
  expect(b.execs).toHaveLength(4);
});

// A script that starts like a recorded one (its first chunk) but differs later fails loudly: the bench sends
// every host the same scripts, so that is a bench bug, not something to paper over.
test("a script that starts differently, or a host in another state, runs for real", async () => {
  const cache = new ReplayCache();
  const [a, b] = [await startHost({ replay: cache }), await startHost({ replay: cache })];
  const p = new LaggProvider();
  await p.create(args(a));
  const other = (await p.create({ ...args(b), ports: ["igb2", "igb3"] })).outs;
  expect({ recorded: cache.recorded, replayed: cache.replayed }).toEqual({ recorded: 2, replayed: 0 });
  expect((await hostView(b)).lagg).toMatch(/laggport: igb2[\s\S]*laggport: igb3/);
  // b now differs from a (other ports): reading it back is b's own script in b's own state.
  await p.read("lagg0", other);
  expect(cache.recorded).toBe(3);
});

test("a command line (nothing on stdin, as a baseline's remote command) is replayed too, its effect included", async () => {
  const cache = new ReplayCache();
  const hosts = [await startHost({ replay: cache }), await startHost({ replay: cache })];
  for (const s of hosts) {
    const client = await connect(s);
    expect((await exec(client, "ifconfig igb0 mtu 9000")).code).toBe(0);
    client.end();
  }
  expect({ recorded: cache.recorded, replayed: cache.replayed }).toEqual({ recorded: 1, replayed: 1 });
  for (const s of hosts) expect((await s.machine.run("ifconfig", ["igb0"], { stdin: "", env: {} })).stdout).toMatch(/mtu 9000/);
});
