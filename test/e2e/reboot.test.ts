// Persisted state is boot state: what `persist: "rc.conf"` writes brings back, after a reboot of the
// host, exactly the live state the provider verified, and refresh sees no drift.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, useSimStack } from "./harness";

/** What a user would compare on the host: addresses (IPv4 in kernel order), MTU, description, ports. */
async function liveView(sim: SimHost) {
  const text = (await onHost(sim, "ifconfig", "-v", "lagg0")).stdout;
  const l = parseIfconfig(text)[0];
  if (!l) return undefined;
  return {
    ipv4: l.inet.map((a) => `${a.address}/${a.prefixLength}`),
    ipv6: l.inet6.filter((a) => !a.address.startsWith("fe80:")).map((a) => `${a.address}/${a.prefixLength}`).sort(),
    mtu: l.mtu,
    description: l.description,
    protocol: l.lagg?.protocol,
    ports: l.lagg?.ports.map((p) => p.name),
    up: l.flags.includes("UP"),
  };
}

async function reboot(sim: SimHost) {
  expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
}

describe("reboot after persist: rc.conf", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]));

  /** Reboots and requires the same live view, a clean refresh, persisted.inSync and no planned change. */
  async function rebootKeepsEverything(laggs: Record<string, unknown>) {
    const before = await liveView(sim);
    await reboot(sim);
    expect(await liveView(sim)).toEqual(before);
    expect((await stack.refresh()).errors).toEqual([]);
    expect(stack.outputs("uplink").persisted.inSync).toBe(true);
    expect((await stack.preview(laggs)).steps.map((s) => s.op)).toEqual(["same"]);
    return before;
  }

  const lagg = {
    name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], mtu: 9000, description: "uplink to core-sw1", persist: "rc.conf",
    addresses: ["198.51.100.7/24", "2001:db8::7/64", "198.51.100.8/28", "2001:db8::8/64"],
  };

  test("first and further addresses (IPv4 and IPv6), MTU and description come back", async () => {
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    const view = await rebootKeepsEverything({ uplink: lagg });
    expect(view).toMatchObject({ ipv4: ["198.51.100.7/24", "198.51.100.8/28"], ipv6: ["2001:db8::7/64", "2001:db8::8/64"], mtu: 9000, description: "uplink to core-sw1", ports: ["igb0", "igb1"] });
  });

  test("prefix changes (IPv4 replaced in place, IPv6 deleted and re-added) apply, persist and survive a reboot", async () => {
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    const changed = { ...lagg, addresses: ["198.51.100.7/25", "2001:db8::7/80", "198.51.100.8/28", "2001:db8::8/64"] };
    expect((await stack.up({ uplink: changed })).errors).toEqual([]);
    expect(await liveView(sim)).toMatchObject({ ipv4: ["198.51.100.7/25", "198.51.100.8/28"], ipv6: ["2001:db8::7/80", "2001:db8::8/64"] });
    await rebootKeepsEverything({ uplink: changed });
  });

  test("a new first address: the live order is the inputs' order, as boot will apply it", async () => {
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    const reordered = { ...lagg, addresses: ["203.0.113.1/24", ...lagg.addresses] };
    expect((await stack.up({ uplink: reordered })).errors).toEqual([]);
    const view = await rebootKeepsEverything({ uplink: reordered });
    expect(view?.ipv4).toEqual(["203.0.113.1/24", "198.51.100.7/24", "198.51.100.8/28"]);
  });

  test("an alias added to rc.conf by hand is drift, and the next up removes it before it can come back at boot", async () => {
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect(await onHost(sim, "sysrc", "ifconfig_lagg0_alias5=inet 203.0.113.9/32")).toMatchObject({ exitCode: 0 });
    expect((await stack.refresh()).errors).toEqual([]);
    expect(stack.outputs("uplink").persisted.inSync).toBe(false);
    expect((await stack.preview({ uplink: lagg })).steps.map((s) => s.op)).toEqual(["update"]);
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect((await onHost(sim, "sysrc", "-e", "ifconfig_lagg0_alias5")).exitCode).not.toBe(0);
    await rebootKeepsEverything({ uplink: lagg });
  });

  test("hand edits boot would apply (an alias past a gap, a _descr, a _name, a value with double spaces) are drift; up rewrites them", async () => {
    const plain: Record<string, unknown> = { ...lagg };
    delete plain.description;
    expect((await stack.up({ uplink: plain })).errors).toEqual([]);
    const own = (await onHost(sim, "sysrc", "-n", "ifconfig_lagg0")).stdout.trim();
    // Every ifconfig_lagg0_alias<N> is applied at boot, gaps or not (network.subr ifalias_af_common,
    // 13/14): one far past the provider's own aliases; a description and a new name; and the provider's
    // own line, same words, respaced (boot's eval echo would collapse it, but it is not what was written).
    for (const edit of ["ifconfig_lagg0_alias23=inet 203.0.113.9/32", "ifconfig_lagg0_descr=hand  made", "ifconfig_lagg0_name=uplink0",
      `ifconfig_lagg0=${own.replace(" ", "  ")}`]) {
      expect(await onHost(sim, "sysrc", edit)).toMatchObject({ exitCode: 0 });
    }
    expect((await stack.refresh()).errors).toEqual([]);
    expect(stack.outputs("uplink").persisted.inSync).toBe(false);
    expect((await stack.preview({ uplink: plain })).steps.map((s) => s.op)).toEqual(["update"]);
    expect((await stack.up({ uplink: plain })).errors).toEqual([]);
    const left = await onHost(sim, "sysrc", "-e", "ifconfig_lagg0", "ifconfig_lagg0_alias23", "ifconfig_lagg0_descr", "ifconfig_lagg0_name");
    expect(left.stdout).toBe(`ifconfig_lagg0="${own}"\n`);
    await rebootKeepsEverything({ uplink: plain });
  });

  test("DHCP on, off and on again (the old dhclient stopped before a new one starts) persists and comes back after a reboot", async () => {
    const dhcp = { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], dhcp: true, persist: "rc.conf" };
    expect((await stack.up({ uplink: dhcp })).errors).toEqual([]);
    const leased = (await liveView(sim))?.ipv4;
    expect(leased).toHaveLength(1);
    expect((await stack.up({ uplink: { ...dhcp, dhcp: false } })).errors).toEqual([]);
    expect((await liveView(sim))?.ipv4).toEqual([]);
    expect((await stack.up({ uplink: dhcp })).errors).toEqual([]);
    expect((await liveView(sim))?.ipv4).toEqual(leased);
    await rebootKeepsEverything({ uplink: dhcp });
  });
});

describe("the address that carries the SSH session (commit-confirmed)", () => {
  // Sessions arrive on 198.51.100.2, which an operator has moved onto lagg0 (failover igb0, igb1).
  const MGMT = "198.51.100.2/24";
  const mgmt = { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], addresses: [MGMT], adopt: true, persist: "rc.conf", confirmTimeout: 10 };
  let sim: SimHost;
  let stack: E2EStack;
  const moveManagementOntoLagg = async (host: SimHost) => {
    for (const argv of [["igb0", "up"], ["igb1", "up"], ["igb3", "inet", MGMT, "-alias"],
      ["lagg0", "create", "laggproto", "failover", "laggport", "igb0", "laggport", "igb1", "up"], ["lagg0", "inet", MGMT]]) {
      expect(await onHost(host, "ifconfig", ...argv)).toMatchObject({ exitCode: 0 });
    }
  };
  useSimStack((s, st) => ([sim, stack] = [s, st]), { options: { management: { interface: "igb3", address: MGMT } }, prepare: moveManagementOntoLagg });
  beforeEach(async () => {
    expect((await stack.up({ mgmt })).errors).toEqual([]);
  });

  test("its prefix changes in place and a new first address goes before it; both hold after a reboot", async () => {
    const changed = { ...mgmt, addresses: ["203.0.113.1/24", "198.51.100.2/25"] };
    expect((await stack.up({ mgmt: changed })).errors).toEqual([]);
    expect((await liveView(sim))?.ipv4).toEqual(["203.0.113.1/24", "198.51.100.2/25"]);
    await reboot(sim);
    expect(sim.machine.isAddressReachable("198.51.100.2")).toBe(true);
    expect((await liveView(sim))?.ipv4).toEqual(["203.0.113.1/24", "198.51.100.2/25"]);
    expect((await stack.refresh()).errors).toEqual([]);
    expect(stack.outputs("mgmt").persisted.inSync).toBe(true);
    expect((await stack.preview({ mgmt: changed })).steps.map((s) => s.op)).toEqual(["same"]);
  });
});
