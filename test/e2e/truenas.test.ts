// TrueNAS CORE persistence end to end: the real serialized provider through the engine-less driver
// against a simulated TrueNAS host, whose middleware (midclt interface.*) owns the network config.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost } from "./harness";

async function lagg(sim: SimHost, name = "lagg0") {
  const r = await onHost(sim, "ifconfig", "-v", name);
  return r.exitCode === 0 ? parseIfconfig(r.stdout)[0] : undefined;
}

/** The middleware's row for `name`, or undefined. */
async function dbRow(sim: SimHost, name = "lagg0"): Promise<Record<string, any> | undefined> {
  const r = await onHost(sim, "midclt", "call", "interface.query", JSON.stringify([["id", "=", name]]));
  return (JSON.parse(r.stdout) as Record<string, any>[])[0];
}

const pending = async (sim: SimHost) => (await onHost(sim, "midclt", "call", "interface.has_pending_changes")).stdout.trim();
const portsOf = async (sim: SimHost, name = "lagg0") => (await lagg(sim, name))?.lagg?.ports.map((p) => p.name).sort();
const errorsOf = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message).join("\n");
const ops = (r: { steps: { op: string }[] }) => r.steps.map((s) => s.op);
/** lag_setup's link polls (2 s each in the middleware) shrunk to 1 ms: the sim models the wait, tests need not sit through it. */
const FAST = { linkPollMs: 1 };

describe("TrueNAS CORE: persist through the middleware", () => {
  let sim: SimHost;
  let stack: E2EStack;
  // The management network is 192.0.2.0/24 on em0; lagg addresses must not overlap it.
  const base = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, description: `core "sw1" $(id)`, addresses: ["10.0.0.5/24", "2001:db8::5/64"] };

  beforeAll(async () => {
    sim = await startSimHost({ truenas: true, truenasTiming: FAST });
    stack = new E2EStack(sim);
  });
  afterAll(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test('persist "auto" finds midclt and creates the lagg through the middleware (one extra exec)', async () => {
    const r = await stack.up({ uplink: base });
    expect(errorsOf(r)).toBe("");
    // The rc.conf script that finds midclt and stops (after the ports' own-configuration read in the same
    // exec, issue 12: the host is not known yet), then the TrueNAS script (after the ports' rows read).
    expect(sim.execs).toHaveLength(2);
    expect(await dbRow(sim)).toMatchObject({
      type: "LINK_AGGREGATION", lag_protocol: "LACP", lag_ports: ["igb0", "igb1"], mtu: 9000, description: base.description,
      aliases: [{ type: "INET", address: "10.0.0.5", netmask: 24 }, { type: "INET6", address: "2001:db8::5", netmask: 64 }],
      options: "lagghash l2,l3,l4 -lacp_fast_timeout",
    });
    expect(await pending(sim)).toBe("False");
    const l = await lagg(sim);
    expect([l?.lagg?.protocol, l?.mtu, l?.description]).toEqual(["lacp", 9000, base.description]);
    const out = stack.outputs("uplink");
    expect(out.persisted).toMatchObject({ mode: "truenas", inSync: true, variables: { lag_ports: "igb0 igb1", mtu: "9000" } });
    expect(out.status).toMatchObject({ activePorts: ["igb0", "igb1"], activePortCount: 2 });
  });

  test("the lagg survives the middleware's sync and a reboot", async () => {
    expect(await onHost(sim, "midclt", "call", "interface.sync")).toMatchObject({ exitCode: 0 });
    expect(await portsOf(sim)).toEqual(["igb0", "igb1"]);
    expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
    const l = await lagg(sim);
    expect([l?.mtu, l?.description, l?.inet.map((a) => a.address)]).toEqual([9000, base.description, ["10.0.0.5"]]);
  });

  test("refresh then preview shows no diff; later updates go straight to the middleware", async () => {
    expect(errorsOf(await stack.refresh())).toBe("");
    expect(stack.outputs("uplink").persisted.inSync).toBe(true);
    expect(ops(await stack.preview({ uplink: base }))).toEqual(["same"]);
  });

  test.each([
    ["ports", { ports: ["igb0", "igb2", "igb3"] }, (l: any) => expect(l.lagg.ports.map((p: any) => p.name).sort()).toEqual(["igb0", "igb2", "igb3"])],
    ["mtu", { mtu: 1500 }, (l: any) => expect(l.mtu).toBe(1500)],
    ["description", { description: "" }, (l: any) => expect(l.description).toBeUndefined()],
    ["addresses", { addresses: ["10.0.1.5/24"] }, (l: any) => expect([l.inet.map((a: any) => a.address), l.inet6.filter((a: any) => !a.address.startsWith("fe80"))]).toEqual([["10.0.1.5"], []])],
    ["hash and fast timeout", { hash: ["l3", "l4"], lacpFastTimeout: true }, (l: any) => expect([l.lagg.hash, l.lagg.options.flagsValue & 0x80]).toEqual([["l3", "l4"], 0x80])],
  ] as [string, Record<string, unknown>, (l: any) => void][])("update %s in place (one exec), persisted, then no diff", async (_field, change, check) => {
    const args = { ...base, ...change };
    const before = sim.execs.length;
    const r = await stack.up({ uplink: args });
    expect(errorsOf(r)).toBe("");
    expect(ops(r)).toEqual(["update"]);
    expect(sim.execs.length - before).toBe(1);
    check(await lagg(sim));
    expect(stack.outputs("uplink").persisted.inSync).toBe(true);
    expect(await pending(sim)).toBe("False");
    expect(await onHost(sim, "midclt", "call", "interface.sync")).toMatchObject({ exitCode: 0 });
    check(await lagg(sim));
    expect(ops(await stack.preview({ uplink: args }))).toEqual(["same"]);
    Object.assign(base, change);
  });

  test("a middleware validation error changes nothing and carries the middleware's message", async () => {
    const before = { ifconfig: (await onHost(sim, "ifconfig", "-v", "lagg0")).stdout, row: await dbRow(sim), outputs: stack.outputs("uplink") };
    const r = await stack.up({ uplink: { ...base, addresses: ["192.0.2.77/25"] } });
    expect(errorsOf(r)).toMatch(/nothing was changed[\s\S]*interface_update\.aliases\.0: The network 192\.0\.2\.0\/25 is already in use by another interface/);
    expect((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout).toBe(before.ifconfig);
    expect(await dbRow(sim)).toEqual(before.row);
    expect(await pending(sim)).toBe("False");
    expect(stack.outputs("uplink")).toEqual(before.outputs);
  });

  test("an edit in the TrueNAS UI is persisted drift: refresh reports it, up rewrites the row", async () => {
    expect(await onHost(sim, "midclt", "call", "interface.update", "lagg0", JSON.stringify({ description: "edited in the UI" }))).toMatchObject({ exitCode: 0 });
    await onHost(sim, "midclt", "call", "interface.checkin");
    expect(errorsOf(await stack.refresh())).toBe("");
    expect(stack.outputs("uplink").persisted.inSync).toBe(false);
    expect(ops(await stack.up({ uplink: base }))).toEqual(["update"]);
    expect((await dbRow(sim))?.description).toBe(base.description);
    expect(stack.outputs("uplink").persisted.inSync).toBe(true);
  });

  test("failover: the primary must be the alphabetically first port", async () => {
    const failover = { name: "lagg1", protocol: "failover", ports: ["ix1", "ix0"], addresses: ["10.0.2.5/24"] };
    const checked = await stack.preview({ uplink: base, backup: { ...failover, persist: "truenas" } });
    expect(errorsOf(checked)).toMatch(/property ports .*TrueNAS makes the alphabetically first port the failover primary.*list ix0 first/);
    const refused = await stack.up({ uplink: base, backup: failover });
    expect(errorsOf(refused)).toMatch(/nothing was changed[\s\S]*ix1 cannot be the primary; list ix0 first/);
    expect(await lagg(sim, "lagg1")).toBeUndefined();
    expect(await dbRow(sim, "lagg1")).toBeUndefined();

    expect(errorsOf(await stack.up({ uplink: base, backup: { ...failover, ports: ["ix0", "ix1"], persist: "truenas" } }))).toBe("");
    expect((await lagg(sim, "lagg1"))?.lagg?.ports.find((p) => p.flags.includes("MASTER"))?.name).toBe("ix0");
  });

  test("destroy removes the rows and the kernel laggs", async () => {
    expect(errorsOf(await stack.destroy())).toBe("");
    expect(await dbRow(sim)).toBeUndefined();
    expect(await dbRow(sim, "lagg1")).toBeUndefined();
    expect(await lagg(sim)).toBeUndefined();
    expect(await lagg(sim, "lagg1")).toBeUndefined();
    expect(await pending(sim)).toBe("False");
    expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
    expect(await lagg(sim)).toBeUndefined();
  });
});

describe('persist "truenas" on plain FreeBSD', () => {
  test("is refused in preflight: midclt was not found", async () => {
    const sim = await startSimHost({});
    const stack = new E2EStack(sim);
    try {
      const r = await stack.up({ uplink: { name: "lagg0", protocol: "lacp", ports: ["igb0"], persist: "truenas" } });
      expect(errorsOf(r)).toMatch(/nothing was changed[\s\S]*persist: "truenas" needs the TrueNAS CORE middleware, but midclt was not found/);
      expect(await lagg(sim)).toBeUndefined();
    } finally {
      stack.cleanup();
      await sim.stop();
    }
  });
});

describe("TrueNAS CORE: changes to the lagg that carries the SSH session are checked in from a fresh connection", () => {
  // Sessions arrive on 198.51.100.2, which the middleware's database has on lagg0 (failover igb0, igb1).
  const MGMT = "198.51.100.2/24";
  const mgmtLagg = { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], addresses: [MGMT], adopt: true, confirmTimeout: 10 };
  let sim: SimHost;
  let stack: E2EStack;
  const call = async (...argv: string[]) => expect(await onHost(sim, "midclt", "call", ...argv)).toMatchObject({ exitCode: 0 });

  beforeEach(async () => {
    sim = await startSimHost({ truenas: true, truenasTiming: FAST, management: { interface: "igb3", address: MGMT } });
    await call("interface.update", "igb3", JSON.stringify({ aliases: [] }));
    await call("interface.create", JSON.stringify({ type: "LINK_AGGREGATION", name: "lagg0", lag_protocol: "FAILOVER", lag_ports: ["igb0", "igb1"], aliases: [{ address: "198.51.100.2", netmask: 24 }] }));
    await call("interface.commit", JSON.stringify({ rollback: false }));
    stack = new E2EStack(sim);
    expect(errorsOf(await stack.up({ mgmt: mgmtLagg }))).toBe("");
  });
  afterEach(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test("the session is cut mid-change: the provider reconnects and checks the change in", async () => {
    sim.faults.dropWhenInterfaceChanges("lagg0");
    const r = await stack.up({ mgmt: { ...mgmtLagg, ports: ["igb0", "igb1", "igb2"], description: "mgmt" } });
    expect(errorsOf(r)).toBe("");
    expect(sim.execs.filter((e) => e.connectionCut)).toHaveLength(1);
    expect(await portsOf(sim)).toEqual(["igb0", "igb1", "igb2"]);
    expect(await pending(sim)).toBe("False");
    expect((await dbRow(sim))?.lag_ports).toEqual(["igb0", "igb1", "igb2"]);
    expect(stack.outputs("mgmt").persisted).toMatchObject({ mode: "truenas", inSync: true });
  });

  test("a change that cuts Pulumi off is never checked in, and TrueNAS's timer rolls it back", async () => {
    const r = await stack.up({ mgmt: { ...mgmtLagg, addresses: ["203.0.113.9/24"] } });
    expect(errorsOf(r)).toMatch(/not confirmed in time[\s\S]*rollback timer restored/);
    expect(sim.machine.isAddressReachable("198.51.100.2")).toBe(true);
    expect((await dbRow(sim))?.aliases).toEqual([{ type: "INET", address: "198.51.100.2", netmask: 24 }]);
    expect(await pending(sim)).toBe("False");
    expect(stack.outputs("mgmt").addresses).toEqual([MGMT]);
  });
});
