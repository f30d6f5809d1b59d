// Limits (issue 17): 32 ports in one lagg (LAGG_MAX_PORTS), 16 laggs on one host, 200 resources in one
// stack, descriptions at the maximum length. Each works, or is refused at check with a clear message and
// nothing applied.
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { MAX_DESCRIPTION_LENGTH } from "../../provider/schema/description";
import { ReplayCache, startSimHost } from "../sim";
import { mapLimit } from "../bench/stats";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, rcConfText, simDetails } from "../e2e/harness";

jest.setTimeout(240_000);

const NICS = Array.from({ length: 34 }, (_, i) => `ix${i}`);
const provider = new LaggProvider();
let sim: SimHost;

beforeAll(async () => {
  sim = await startSimHost({ interfaces: ["em0", ...NICS] });
});
afterAll(async () => {
  await closeAllConnections();
  await sim?.stop();
});

const connection = () => ({ host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey });
const hostState = async () => ({ ifconfig: (await onHost(sim, "ifconfig", "-a")).stdout, rc: (await onHost(sim, "sysrc", "-a")).stdout });

test("32 ports in one lagg are created, read back and deleted; 33 are refused at check naming LAGG_MAX_PORTS", async () => {
  const ports = NICS.slice(0, 32);
  const before = await hostState();
  const { inputs, failures } = await provider.check({}, { connection: connection(), name: "lagg0", protocol: "loadbalance", ports, persist: "rc.conf" });
  expect(failures).toEqual([]);
  const created = await provider.create(inputs);
  const live = parseIfconfig((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout)[0];
  expect(live.lagg?.ports.map((p) => p.name).sort()).toEqual([...ports].sort());
  expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg0")).stdout.match(/laggport /g)).toHaveLength(32);
  const read = await provider.read(created.id, created.outs);
  expect((read.props as { ports: string[] }).ports).toHaveLength(32);
  await provider.delete(created.id, created.outs);
  expect(await hostState()).toEqual(before);

  const tooMany = await provider.check({}, { connection: connection(), name: "lagg0", protocol: "loadbalance", ports: NICS.slice(0, 33) });
  expect(tooMany.failures).toEqual([{ property: "ports", reason: "at most 32 ports (LAGG_MAX_PORTS), got 33" }]);
});

test(`a description of ${MAX_DESCRIPTION_LENGTH} characters (astral ones counted as one) is set and persisted as is; one more is refused at check`, async () => {
  const description = `${"𝔘".repeat(100)}${"d".repeat(MAX_DESCRIPTION_LENGTH - 100)}`;
  expect([...description]).toHaveLength(MAX_DESCRIPTION_LENGTH);
  const { inputs, failures } = await provider.check({}, { connection: connection(), name: "lagg1", protocol: "failover", ports: ["ix0"], description, persist: "rc.conf" });
  expect(failures).toEqual([]);
  const created = await provider.create(inputs);
  expect(parseIfconfig((await onHost(sim, "ifconfig", "lagg1")).stdout)[0].description).toBe(description);
  expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg1_descr")).stdout).toBe(`${description}\n`);
  await provider.delete(created.id, created.outs);
  const long = await provider.check({}, { connection: connection(), name: "lagg1", protocol: "failover", ports: ["ix0"], description: `${description}x` });
  expect(long.failures).toEqual([{ property: "description", reason: `at most ${MAX_DESCRIPTION_LENGTH} characters, got ${MAX_DESCRIPTION_LENGTH + 1}` }]);
});

test("16 laggs on one host (2 ports each) are created in one up, refreshed and destroyed through the driver", async () => {
  const stack = new E2EStack(sim);
  try {
    const before = await hostState();
    const laggs = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`uplink${i}`, { name: `lagg${i}`, protocol: i % 2 ? "failover" : "lacp", ports: [NICS[2 * i], NICS[2 * i + 1]], description: `uplink ${i}` }]),
    );
    const up = await stack.up(laggs);
    expect(up.errors).toEqual([]);
    expect((await onHost(sim, "ifconfig", "-g", "lagg")).stdout.trim().split(/\s+/).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `lagg${i}`).sort());
    const refresh = await stack.refresh();
    expect(refresh.errors).toEqual([]);
    expect((await stack.preview(laggs)).steps.filter((s) => s.op !== "same")).toEqual([]);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(await hostState()).toEqual(before);
  } finally {
    stack.cleanup();
  }
});

// 200 resources over 200 hosts, one lagg each, in the bench's cheap host mode (test/sim/server/replay.ts): the
// hosts start alike and get the same scripts, so each distinct script runs for real on the first hosts and is
// replayed in process on the rest. That keeps the full up/destroy of 200 resources cheap on a 2-core CI box,
// and one host per lagg keeps every host in the state the recording was made in (16 laggs on one host, above,
// cover a crowded host).
describe("200 resources in one stack", () => {
  const HOSTS = 200;
  const cache = new ReplayCache();
  let hosts: SimHost[] = [];
  beforeAll(async () => {
    hosts = await mapLimit(Array.from({ length: HOSTS }), 8, () => startSimHost({ replay: cache }));
  });
  afterAll(async () => {
    await mapLimit(hosts, 8, (h) => h.stop());
  });

  const view = async (h: SimHost) => ({ ifconfig: (await onHost(h, "ifconfig", "-a")).stdout, rc: rcConfText(h) });
  const execs = () => hosts.reduce((n, h) => n + h.execs.length, 0);

  test("are all created by one up, planned again as no change without touching a host, and destroyed with every host back as before; a lagg name beyond IFNAMSIZ is refused at check", async () => {
    const stack = new E2EStack(hosts[0]);
    try {
      const before = await Promise.all(hosts.map(view));
      const laggs = Object.fromEntries(hosts.map((h, i) => [`r${i}`, { sim: simDetails(h), name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], description: "uplink" }]));

      const up = await stack.up(laggs);
      expect(up.errors).toEqual([]);
      expect(up.steps.filter((s) => s.op === "create")).toHaveLength(HOSTS);
      expect(up.outcomes.filter((o) => o.status === "ok")).toHaveLength(HOSTS);
      expect(stack.engine.state().resources).toHaveLength(HOSTS);
      for (const [i, h] of hosts.entries()) {
        // Each resource's outputs come from its own host (the host key's fingerprint is that host's).
        const outs = stack.outputs(`r${i}`);
        expect({ name: outs.name, ports: outs.ports, fingerprint: outs.hostKeyFingerprint, persisted: outs.persisted?.mode, inSync: outs.persisted?.inSync })
          .toEqual({ name: "lagg0", ports: ["igb0", "igb1"], fingerprint: h.fingerprint, persisted: "rc.conf", inSync: true });
      }
      // Every host carries its lagg, live and in rc.conf (a replayed script must leave what a real one does).
      for (const h of hosts) {
        const live = parseIfconfig((await onHost(h, "ifconfig", "-v", "lagg0")).stdout)[0];
        expect({ protocol: live?.lagg?.protocol, ports: live?.lagg?.ports.map((p) => p.name).sort(), description: live?.description }).toEqual({ protocol: "lacp", ports: ["igb0", "igb1"], description: "uplink" });
        expect((await onHost(h, "sysrc", "-n", "cloned_interfaces")).stdout.split(/\s+/)).toContain("lagg0");
        expect((await onHost(h, "sysrc", "-n", "ifconfig_lagg0")).stdout).toMatch(/laggproto lacp laggport igb0 laggport igb1/);
      }
      // The cheap mode was used: execs were replayed, not all run by a shell.
      expect(cache.replayed).toBeGreaterThan(0);

      // A preview of all 200 is made from check and diff alone: no host sees an exec.
      const execsBefore = execs();
      const again = await stack.preview(laggs);
      expect(again.errors).toEqual([]);
      expect(again.steps.filter((s) => s.op === "same")).toHaveLength(HOSTS);
      expect(execs()).toBe(execsBefore);

      const destroy = await stack.destroy();
      expect(destroy.errors).toEqual([]);
      expect(stack.engine.state().resources).toEqual([]);
      const after = await Promise.all(hosts.map(view));
      expect(after).toEqual(before);

      const named = await provider.check({}, { connection: connection(), name: `lagg${"9".repeat(12)}`, protocol: "lacp", ports: ["ix0"] });
      expect(named.failures).toEqual([{ property: "name", reason: "interface names are at most 15 characters (IFNAMSIZ-1), got 16" }]);
    } finally {
      stack.cleanup();
    }
  });
});
