// What a careful user relies on when things go wrong, through the real driver and provider host
// against the simulator: a failed change is rolled back and recorded state is untouched; an existing
// lagg is never silently taken over; a change to the lagg that carries the SSH session is
// commit-confirmed, so a session cut mid-change is confirmed from a new one and a change that
// locks Pulumi out is undone by the host itself.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import { createSimMachine, type TestSimMachine } from "../sim/machine";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost } from "./harness";

async function lagg(sim: SimHost, name = "lagg0") {
  const r = await onHost(sim, "ifconfig", "-v", name);
  return r.exitCode === 0 ? parseIfconfig(r.stdout)[0] : undefined;
}

const portsOf = async (sim: SimHost, name = "lagg0") => (await lagg(sim, name))?.lagg?.ports.map((p) => p.name).sort();
const rcConf = async (sim: SimHost) => (await onHost(sim, "sysrc", "-a")).stdout;

describe("failures leave the host and the state as they were", () => {
  let sim: SimHost;
  let machine: TestSimMachine;
  let stack: E2EStack;
  const base = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, addresses: ["192.0.2.10/24"] };

  beforeAll(async () => {
    machine = createSimMachine({});
    sim = await startSimHost({ machine });
    stack = new E2EStack(sim);
    expect((await stack.up({ uplink: base })).errors).toEqual([]);
  });
  afterAll(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test("a port that refuses to join: the whole update is rolled back, outputs unchanged", async () => {
    const before = { ifconfig: (await onHost(sim, "ifconfig", "-v", "lagg0")).stdout, rc: await rcConf(sim), outputs: stack.outputs("uplink") };
    machine.faults.failPortJoin("igb2", "EBUSY");
    const r = await stack.up({ uplink: { ...base, ports: ["igb0", "igb1", "igb2"], mtu: 1500, description: "new" } });
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(/rolled back[\s\S]*igb2/);
    expect((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout).toBe(before.ifconfig);
    expect(await rcConf(sim)).toBe(before.rc);
    expect(stack.outputs("uplink")).toEqual(before.outputs);

    machine.faults.clearPortJoin();
    expect((await stack.up({ uplink: { ...base, ports: ["igb0", "igb1", "igb2"] } })).errors).toEqual([]);
    expect(await portsOf(sim)).toEqual(["igb0", "igb1", "igb2"]);
  });

  test("creating a lagg that already exists fails and changes nothing; adopt: true takes it over", async () => {
    await onHost(sim, "ifconfig", "lagg7", "create", "laggproto", "failover", "laggport", "ix0");
    const taken = { name: "lagg7", protocol: "loadbalance", ports: ["ix0", "ix1"], hash: ["l3", "l4"] };
    const r = await stack.up({ uplink: { ...base, ports: ["igb0", "igb1", "igb2"] }, other: taken });
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(/lagg7 already exists[\s\S]*adopt/);
    expect((await lagg(sim, "lagg7"))?.lagg?.protocol).toBe("failover");

    const adopted = await stack.up({ uplink: { ...base, ports: ["igb0", "igb1", "igb2"] }, other: { ...taken, adopt: true } });
    expect(adopted.errors).toEqual([]);
    const l = await lagg(sim, "lagg7");
    expect(l?.lagg?.protocol).toBe("loadbalance");
    expect(l?.lagg?.hash).toEqual(["l3", "l4"]);
    expect(await portsOf(sim, "lagg7")).toEqual(["ix0", "ix1"]);
  });
});

describe("a session lost before the result arrives: the provider reconnects and finishes", () => {
  let sim: SimHost;
  let stack: E2EStack;
  const base = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, addresses: ["192.0.2.10/24"] };

  beforeAll(async () => {
    sim = await startSimHost({});
    stack = new E2EStack(sim);
  });
  afterAll(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test.each([
    // One exec each: when ports join, their read and the apply are its two parts, so the cut hits the apply.
    ["create", { uplink: base }, ["igb0", "igb1"], 9000],
    ["update", { uplink: { ...base, ports: ["igb0", "igb1", "igb2"], mtu: 1500 } }, ["igb0", "igb1", "igb2"], 1500],
    ["update with safeApply off", { uplink: { ...base, ports: ["igb1", "igb2"], safeApply: false } }, ["igb1", "igb2"], 9000],
  ])("%s: recorded as done, host as desired, rc.conf written", async (_op, laggs, ports, mtu) => {
    const cuts = sim.execs.filter((e) => e.connectionCut).length;
    sim.faults.dropAfterExecs(1, "beforeResult");
    const r = await stack.up(laggs);
    expect(r.errors).toEqual([]);
    expect(sim.execs.filter((e) => e.connectionCut).length).toBe(cuts + 1);
    expect(await portsOf(sim)).toEqual(ports);
    expect((await lagg(sim))?.mtu).toBe(mtu);
    expect(stack.outputs("uplink")).toMatchObject({ ports, mtu, persisted: { inSync: true } });
    expect((await stack.preview(laggs)).steps.map((s) => s.op)).toEqual(["same"]);
  });

  test("delete: the lagg and its rc.conf entries are gone, and so is the resource", async () => {
    sim.faults.dropAfterExecs(1, "beforeResult");
    const d = await stack.destroy();
    expect(d.errors).toEqual([]);
    expect(await lagg(sim)).toBeUndefined();
    expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg0")).exitCode).not.toBe(0);
    expect(stack.engine.state().resources.filter((x) => x.urn.endsWith("::uplink"))).toEqual([]);
  });
});

describe("changes to the lagg that carries the SSH session are commit-confirmed", () => {
  // Sessions arrive on 198.51.100.2, which an operator has moved onto lagg0 (failover igb0, igb1).
  const MGMT = "198.51.100.2/24";
  const mgmtLagg = { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], addresses: [MGMT], adopt: true, confirmTimeout: 10 };
  let sim: SimHost;
  let stack: E2EStack;

  beforeEach(async () => {
    sim = await startSimHost({ management: { interface: "igb3", address: MGMT } });
    for (const argv of [["igb0", "up"], ["igb1", "up"], ["igb3", "inet", MGMT, "-alias"],
      ["lagg0", "create", "laggproto", "failover", "laggport", "igb0", "laggport", "igb1", "up"], ["lagg0", "inet", MGMT]]) {
      expect(await onHost(sim, "ifconfig", ...argv)).toMatchObject({ exitCode: 0 });
    }
    stack = new E2EStack(sim);
    expect((await stack.up({ mgmt: mgmtLagg })).errors).toEqual([]);
  });
  afterEach(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test("the session is cut mid-change: the provider reconnects, confirms, and only then persists", async () => {
    sim.faults.dropWhenInterfaceChanges("lagg0");
    const r = await stack.up({ mgmt: { ...mgmtLagg, ports: ["igb0", "igb1", "igb2"], description: "mgmt" } });
    expect(r.errors).toEqual([]);
    // At least the change's own session is cut; the fault cuts every session at each lagg0 change, so a
    // confirm that connects while the detached apply is still changing lagg0 may be cut too (and retried).
    expect(sim.execs.filter((e) => e.connectionCut).length).toBeGreaterThanOrEqual(1);
    expect(await portsOf(sim)).toEqual(["igb0", "igb1", "igb2"]);
    expect((await lagg(sim))?.description).toBe("mgmt");
    expect(await rcConf(sim)).toMatch(/ifconfig_lagg0: .*laggport igb2/);
    expect(stack.outputs("mgmt").ports).toEqual(["igb0", "igb1", "igb2"]);
  });

  test("a change that cuts Pulumi off is not confirmed, and the host rolls it back by itself", async () => {
    const before = await rcConf(sim);
    const r = await stack.up({ mgmt: { ...mgmtLagg, addresses: ["203.0.113.9/24"] } });
    // Pulumi kept trying to log in to confirm; once the host's timer had restored the address, it got
    // in again and reported the rollback.
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(/rolled back[\s\S]*not confirmed in time[\s\S]*rollback timer restored/);
    expect(sim.machine.isAddressReachable("198.51.100.2")).toBe(true);
    expect((await lagg(sim))?.inet.map((a) => `${a.address}/${a.prefixLength}`)).toEqual([MGMT]);
    expect(await rcConf(sim)).toBe(before);
    expect(stack.outputs("mgmt").addresses).toEqual([MGMT]);
    expect((await stack.refresh()).errors).toEqual([]);
    expect(stack.outputs("mgmt").addresses).toEqual([MGMT]);
  });

  test("deleting or renaming the lagg that carries the session is refused, and nothing changes", async () => {
    const destroyed = await stack.destroy();
    expect(destroyed.errors.map((e) => e.message).join("\n")).toMatch(/session arrives on 198\.51\.100\.2, an address of lagg0: deleting lagg0 would cut/);
    const renamed = await stack.up({ mgmt: { ...mgmtLagg, name: "lagg1" } });
    expect(renamed.errors.map((e) => e.message).join("\n")).toMatch(/deleting lagg0 would cut/);
    expect(await portsOf(sim)).toEqual(["igb0", "igb1"]);
    expect(await lagg(sim, "lagg1")).toBeUndefined();
    expect(stack.outputs("mgmt").name).toBe("lagg0");
  });
});

describe("TrueNAS CORE: changes go through the middleware, never raw", () => {
  let sim: SimHost;
  let stack: E2EStack;
  const uplink = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["10.0.0.5/24"] };
  const row = async () => (JSON.parse((await onHost(sim, "midclt", "call", "interface.query", '[["id", "=", "lagg0"]]')).stdout) as unknown[])[0];

  beforeAll(async () => {
    sim = await startSimHost({ truenas: true });
    stack = new E2EStack(sim);
  });
  afterAll(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test('persist "rc.conf" finds midclt and changes nothing', async () => {
    const r = await stack.up({ uplink: { ...uplink, persist: "rc.conf" } });
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(/nothing was changed[\s\S]*TrueNAS CORE \(midclt found\)[\s\S]*persist: "truenas"/);
    expect(await lagg(sim)).toBeUndefined();
    expect(sim.machine.records.changes).toEqual([]);
  });

  test('persist "none" applies a deliberate live-only change, and the middleware\'s next sync removes it', async () => {
    expect((await stack.up({ uplink: { ...uplink, persist: "none" } })).errors).toEqual([]);
    expect(await portsOf(sim)).toEqual(["igb0", "igb1"]);
    expect(await row()).toBeUndefined();
    expect(await onHost(sim, "midclt", "call", "interface.sync")).toMatchObject({ exitCode: 0 });
    expect(await lagg(sim)).toBeUndefined();
    expect((await stack.destroy()).errors).toEqual([]);
  });

  test('persist "auto" goes through the middleware: the lagg is in its database and survives a sync', async () => {
    expect((await stack.up({ uplink })).errors).toEqual([]);
    expect(await row()).toMatchObject({ lag_protocol: "LACP", lag_ports: ["igb0", "igb1"] });
    expect(await onHost(sim, "midclt", "call", "interface.sync")).toMatchObject({ exitCode: 0 });
    expect(await portsOf(sim)).toEqual(["igb0", "igb1"]);
    expect(stack.outputs("uplink").persisted).toMatchObject({ mode: "truenas", inSync: true });
  });
});
