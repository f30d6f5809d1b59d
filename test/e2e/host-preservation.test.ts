// Issue 12: what the provider did not write, it does not lose. Ports' own rc.conf lines and live
// settings come back when they leave the lagg (update or destroy), across reboots.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, rcConfText } from "./harness";

/** The ports' own rc.conf lines (absent ones are missing) and cloned_interfaces, as `sysrc -e` prints them. */
async function rcLines(sim: SimHost, ...names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const r = await onHost(sim, "sysrc", "-n", n);
    if (r.exitCode === 0) out[n] = r.stdout.replace(/\n$/, "");
  }
  return out;
}

/** A port's live MTU and whether it is up. */
async function portLive(sim: SimHost, port: string) {
  const i = parseIfconfig((await onHost(sim, "ifconfig", port)).stdout)[0];
  return { mtu: i?.mtu, up: i?.flags.includes("UP") };
}

/** Whether /etc/rc.conf itself sets cloned_interfaces (sysrc answers the defaults' "" either way). */
async function rcConfSetsCloned(sim: SimHost): Promise<boolean> {
  return /^\s*cloned_interfaces=/m.test(rcConfText(sim));
}

/** A port's live IPv4 addresses (CIDR). */
async function inetOf(sim: SimHost, port: string): Promise<string[]> {
  return parseIfconfig((await onHost(sim, "ifconfig", port)).stdout)[0]?.inet.map((a) => `${a.address}/${a.prefixLength}`) ?? [];
}

/** What `f` returns once `done` accepts it (a lease binds in the background), or after 20 s. */
async function eventually<T>(f: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let last = await f();
  for (let i = 0; i < 100 && !done(last); i++) {
    await new Promise((r) => setTimeout(r, 200));
    last = await f();
  }
  return last;
}
const leased = (inet: string[]) => inet.some((a) => a.startsWith("198.51.100.")) && !inet.some((a) => a.startsWith("0.0.0.0"));

async function reboot(sim: SimHost) {
  expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
}

const NAMES = ["ifconfig_igb2", "ifconfig_igb3", "ifconfig_igb2_alias0", "ifconfig_igb3_descr", "cloned_interfaces"];

jest.setTimeout(240_000);

describe("ports' own configuration survives a lagg (rc.conf)", () => {
  let sim: SimHost;
  let stack: E2EStack;
  beforeEach(async () => {
    sim = await startSimHost({});
    stack = new E2EStack(sim);
    for (const v of ["ifconfig_igb2=DHCP", "ifconfig_igb3=up -lro", "ifconfig_igb2_alias0=inet 10.9.0.2/32", "ifconfig_igb3_descr=storage"]) {
      expect(await onHost(sim, "sysrc", v)).toMatchObject({ exitCode: 0 });
    }
  });
  afterEach(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  const lagg = { name: "lagg0", protocol: "failover", ports: ["igb2", "igb3"], mtu: 9000, addresses: ["198.51.100.7/24"], persist: "rc.conf" };

  test("create keeps the words a port can keep, update and destroy give back lines and MTU, each across a reboot", async () => {
    expect(await rcConfSetsCloned(sim)).toBe(false);
    const before = await rcLines(sim, ...NAMES);
    const liveBefore = { igb2: await portLive(sim, "igb2"), igb3: await portLive(sim, "igb3") };

    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect(stack.logs.join("\n")).toMatch(/ifconfig_igb2=\\"DHCP\\" becomes \\"up\\"/);
    // Live as at the next boot: a lagg port keeps no address of its own (igb2's lease and alias are gone).
    expect(await inetOf(sim, "igb2")).toEqual([]);
    // igb2's alias is emptied where it stands (not removed: sysrc would append it at the end when it comes back).
    expect(await rcLines(sim, ...NAMES)).toEqual({ ifconfig_igb2: "up", ifconfig_igb2_alias0: "", ifconfig_igb3: "up -lro", ifconfig_igb3_descr: "storage", cloned_interfaces: "lagg0" });
    await reboot(sim);
    expect((await stack.refresh()).errors).toEqual([]);
    expect(stack.outputs("uplink").persisted.inSync).toBe(true);
    expect((await stack.preview({ uplink: lagg })).steps.map((s) => s.op)).toEqual(["same"]);

    // igb2 leaves: its DHCP line and alias come back, and its MTU.
    const smaller = { ...lagg, ports: ["igb3"] };
    expect((await stack.up({ uplink: smaller })).errors).toEqual([]);
    const afterUpdate = await rcLines(sim, ...NAMES);
    expect(afterUpdate).toMatchObject({ ifconfig_igb2: "DHCP", ifconfig_igb2_alias0: "inet 10.9.0.2/32", ifconfig_igb3: "up -lro" });
    expect((await portLive(sim, "igb2")).mtu).toBe(liveBefore.igb2.mtu);
    // Its alias and a DHCP lease come back live too (dhclient -b binds in the background).
    const igb2Back = await eventually(async () => (await inetOf(sim, "igb2")).sort(), leased);
    expect(igb2Back).toEqual([expect.stringMatching(/^10\.9\.0\.2\/32$|^198\.51\.100\.\d+\/24$/), expect.stringMatching(/^10\.9\.0\.2\/32$|^198\.51\.100\.\d+\/24$/)]);
    expect(igb2Back).toContain("10.9.0.2/32");
    await reboot(sim);
    // The boot gives igb2 the same: live already matched the restored lines.
    expect(await eventually(async () => (await inetOf(sim, "igb2")).sort(), leased)).toEqual(igb2Back);
    expect(await rcLines(sim, ...NAMES)).toEqual(afterUpdate);
    expect((await stack.refresh()).errors).toEqual([]);
    expect((await stack.preview({ uplink: smaller })).steps.map((s) => s.op)).toEqual(["same"]);

    expect((await stack.destroy()).errors).toEqual([]);
    expect(await rcLines(sim, ...NAMES)).toEqual(before);
    expect(await rcConfSetsCloned(sim)).toBe(false);
    expect(await portLive(sim, "igb3")).toEqual(liveBefore.igb3);
    await reboot(sim);
    expect(await rcLines(sim, ...NAMES)).toEqual(before);
  });

  test("a port added by an update that was down goes back down when removed", async () => {
    expect(await onHost(sim, "ifconfig", "ix0", "down")).toMatchObject({ exitCode: 0 });
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect((await stack.up({ uplink: { ...lagg, ports: ["igb2", "igb3", "ix0"] } })).errors).toEqual([]);
    expect((await portLive(sim, "ix0")).up).toBe(true);
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect(await portLive(sim, "ix0")).toMatchObject({ up: false, mtu: 1500 });
  });
});

describe("the management address on a port (em0 carries 192.0.2.2, where the SSH session arrives)", () => {
  let sim: SimHost;
  let stack: E2EStack;
  beforeEach(async () => {
    sim = await startSimHost({});
    stack = new E2EStack(sim);
    expect(await onHost(sim, "sysrc", "ifconfig_em0=inet 192.0.2.2/24")).toMatchObject({ exitCode: 0 });
  });
  afterEach(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  const em0Inet = async () => parseIfconfig((await onHost(sim, "ifconfig", "em0")).stdout)[0]?.inet.map((a) => `${a.address}/${a.prefixLength}`);

  test("making em0 a port without taking its address is refused before anything changes, saying how to do it", async () => {
    const rcBefore = (await onHost(sim, "sysrc", "-a")).stdout;
    const r = await stack.up({ nas: { name: "lagg0", protocol: "failover", ports: ["em0", "em1"], addresses: ["198.51.100.7/24"], persist: "rc.conf" } });
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(/the SSH session arrives on 192\.0\.2\.2, an address of port em0: .*Include the address in addresses/);
    expect((await onHost(sim, "ifconfig", "lagg0")).exitCode).not.toBe(0);
    expect(await em0Inet()).toEqual(["192.0.2.2/24"]);
    expect((await onHost(sim, "sysrc", "-a")).stdout).toBe(rcBefore);
  });

  test("ports [em0, em1] with em0's address: moved live and in rc.conf, held once, kept across reboots; destroy gives it back", async () => {
    const nas = { name: "lagg0", protocol: "failover", ports: ["em0", "em1"], addresses: ["192.0.2.2/24"], persist: "rc.conf", confirmTimeout: 10 };
    expect((await portLive(sim, "em1")).up).toBe(false);
    expect((await stack.up({ nas })).errors).toEqual([]);
    // em1 was down: recorded although the session that saw it first was lost to the move.
    expect(stack.outputs("nas").internalState.downPortsToRestore).toEqual(["em1"]);
    expect(await em0Inet()).toEqual([]);
    expect(await rcLines(sim, "ifconfig_em0")).toEqual({ ifconfig_em0: "up" });
    expect((await rcLines(sim, "ifconfig_lagg0")).ifconfig_lagg0).toMatch(/^inet 192\.0\.2\.2\/24 laggproto failover laggport em0 laggport em1/);
    await reboot(sim);
    expect(sim.machine.isAddressReachable("192.0.2.2")).toBe(true);
    expect(await em0Inet()).toEqual([]);
    expect((await stack.refresh()).errors).toEqual([]);
    expect((await stack.preview({ nas })).steps.map((s) => s.op)).toEqual(["same"]);

    // The two-step way back: a delete without commit-confirm (the session's lagg goes away).
    expect((await stack.up({ nas: { ...nas, safeApply: false } })).errors).toEqual([]);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(await em0Inet()).toEqual(["192.0.2.2/24"]);
    expect((await portLive(sim, "em1")).up).toBe(false);
    expect(await rcLines(sim, "ifconfig_em0", "ifconfig_lagg0")).toEqual({ ifconfig_em0: "inet 192.0.2.2/24" });
    expect(await rcConfSetsCloned(sim)).toBe(false);
    await reboot(sim);
    expect(await em0Inet()).toEqual(["192.0.2.2/24"]);
  });
});

describe("a port's line in /etc/rc.conf.local (sysrc edits the file of the last assignment)", () => {
  let sim: SimHost;
  let stack: E2EStack;
  beforeEach(async () => {
    sim = await startSimHost({});
    stack = new E2EStack(sim);
    expect(await onHost(sim, "sysrc", "-f", "/etc/rc.conf.local", "ifconfig_ix0=inet 10.7.0.1/24")).toMatchObject({ exitCode: 0 });
    await reboot(sim);
  });
  afterEach(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  const fileOf = async (name: string) => (await onHost(sim, "sysrc", "-Fn", name)).stdout.trim();
  const ix0Inet = async () => parseIfconfig((await onHost(sim, "ifconfig", "ix0")).stdout)[0]?.inet.map((a) => `${a.address}/${a.prefixLength}`);

  test("create and destroy edit it there (in place, not through the rc.conf copy); each boots as written", async () => {
    const lagg = { name: "lagg0", protocol: "failover", ports: ["ix0", "ix1"], addresses: ["198.51.100.7/24"], persist: "rc.conf" };
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect({ line: await rcLines(sim, "ifconfig_ix0"), file: await fileOf("ifconfig_ix0") }).toEqual({ line: { ifconfig_ix0: "up" }, file: "/etc/rc.conf.local" });
    expect(rcConfText(sim)).not.toMatch(/ifconfig_ix0=/);
    await reboot(sim);
    expect(parseIfconfig((await onHost(sim, "ifconfig", "lagg0")).stdout)[0]?.lagg?.ports.map((p) => p.name)).toEqual(["ix0", "ix1"]);
    expect(await ix0Inet()).toEqual([]);

    expect((await stack.destroy()).errors).toEqual([]);
    expect({ line: await rcLines(sim, "ifconfig_ix0"), file: await fileOf("ifconfig_ix0") }).toEqual({ line: { ifconfig_ix0: "inet 10.7.0.1/24" }, file: "/etc/rc.conf.local" });
    await reboot(sim);
    expect(await ix0Inet()).toEqual(["10.7.0.1/24"]);
  });
});
