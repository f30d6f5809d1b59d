// Addresses the host configures by itself (a DHCP lease, SLAAC) are not drift while dhcp /
// ipv6Autoconf is on, and are removed when it is turned off, so the lagg ends with exactly the
// static addresses.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, useSimStack } from "./harness";

async function addresses(sim: SimHost) {
  const l = parseIfconfig((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout)[0];
  return [...l.inet.map((a) => `${a.address}/${a.prefixLength}`), ...l.inet6.filter((a) => !a.address.startsWith("fe80:")).map((a) => `${a.address}/${a.prefixLength}`)];
}

describe("addresses the host configures itself", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]));

  test("a DHCP lease is no drift while dhcp is on, and is gone when it is turned off", async () => {
    const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], dhcp: true, addresses: ["2001:db8::10/64"] };
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    const leased = (await addresses(sim)).filter((a) => !a.includes(":"));
    expect(leased).toHaveLength(1);
    expect((await stack.refresh()).errors).toEqual([]);
    expect((await stack.preview({ uplink: lagg })).steps.map((s) => s.op)).toEqual(["same"]);

    const off = { ...lagg, dhcp: false, addresses: ["2001:db8::10/64", "192.0.2.10/24"] };
    expect((await stack.up({ uplink: off })).errors).toEqual([]);
    expect((await addresses(sim)).sort()).toEqual(["192.0.2.10/24", "2001:db8::10/64"]);
    expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg0")).stdout).not.toMatch(/DHCP/);
  });

  test("SLAAC addresses are no drift while ipv6Autoconf is on, and are removed when it is turned off", async () => {
    const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], ipv6Autoconf: true, addresses: ["2001:db8::10/64"] };
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    // What a router advertisement would leave behind.
    expect(await onHost(sim, "ifconfig", "lagg0", "inet6", "2001:db8:5::1234", "prefixlen", "64", "autoconf", "alias")).toMatchObject({ exitCode: 0 });
    expect((await stack.refresh()).errors).toEqual([]);
    expect((await stack.preview({ uplink: lagg })).steps.map((s) => s.op)).toEqual(["same"]);

    expect((await stack.up({ uplink: { ...lagg, ipv6Autoconf: false } })).errors).toEqual([]);
    expect(await addresses(sim)).toEqual(["2001:db8::10/64"]);
  });
});
