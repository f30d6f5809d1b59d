// An address the lagg is to get that another interface already holds is refused at preflight, naming the
// interface, with nothing changed: FreeBSD would add an IPv4 one anyway (one address on two interfaces) and
// refuse an IPv6 one mid-change with `File exists` (test/sim/kernel/addresses.ts cites both). A joining
// port's own address is not a conflict: it moves onto the lagg.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, useSimStack } from "./harness";

const base = { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"] };

async function rcConf(sim: SimHost): Promise<string> {
  return (await onHost(sim, "cat", "/etc/rc.conf")).stdout;
}

describe("an address another interface holds", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]));

  test("IPv4 on create: refused naming em1, no lagg0, rc.conf as it was", async () => {
    expect((await onHost(sim, "ifconfig", "em1", "inet", "192.0.2.50/24")).exitCode).toBe(0);
    const before = await rcConf(sim);
    const up = await stack.up({ uplink: { ...base, addresses: ["198.51.100.9/24", "192.0.2.50/24"] } });
    expect(up.errors).toHaveLength(1);
    expect(up.errors[0].message).toMatch(/^create lagg0 on .*: nothing was changed\n/);
    expect(up.errors[0].message).toMatch(/address 192\.0\.2\.50 is already an address of em1: FreeBSD would put it on lagg0 as well/);
    expect(up.errors[0].message).toMatch(/Remove it from that interface first, or make that interface a port of lagg0/);
    expect((await onHost(sim, "ifconfig", "lagg0")).exitCode).toBe(1);
    expect(await rcConf(sim)).toBe(before);
    expect(stack.engine.state().resources).toEqual([]);
  }, 60_000);

  test("IPv6 on update: refused naming em1, lagg0 keeps what it had", async () => {
    expect((await stack.up({ uplink: { ...base, addresses: ["2001:db8::10/64"] } })).errors).toEqual([]);
    expect((await onHost(sim, "ifconfig", "em1", "inet6", "2001:db8::7/64")).exitCode).toBe(0);
    const up = await stack.up({ uplink: { ...base, addresses: ["2001:db8::10/64", "2001:db8::7/64"] } });
    expect(up.errors.map((e) => e.message).join("\n")).toMatch(/address 2001:db8::7 is already an address of em1: FreeBSD would put it on lagg0 as well/);
    const lagg0 = parseIfconfig((await onHost(sim, "ifconfig", "lagg0")).stdout)[0];
    expect(lagg0.inet6.filter((a) => !a.address.startsWith("fe80:")).map((a) => a.address)).toEqual(["2001:db8::10"]);
    expect(stack.outputs("uplink").addresses).toEqual(["2001:db8::10/64"]);
  }, 90_000);

  test("a joining port's own address is no conflict: it moves onto the lagg", async () => {
    expect((await onHost(sim, "ifconfig", "igb1", "inet", "192.0.2.60/24")).exitCode).toBe(0);
    expect((await stack.up({ uplink: { ...base, addresses: ["192.0.2.60/24"] } })).errors).toEqual([]);
    const all = parseIfconfig((await onHost(sim, "ifconfig", "-a")).stdout);
    expect(all.filter((i) => i.inet.some((a) => a.address === "192.0.2.60")).map((i) => i.name)).toEqual(["lagg0"]);
  }, 60_000);

  test("an address the lagg already holds is not checked against itself (a plain update runs)", async () => {
    expect((await stack.up({ uplink: { ...base, addresses: ["192.0.2.70/24"] } })).errors).toEqual([]);
    expect((await stack.up({ uplink: { ...base, addresses: ["192.0.2.70/24"], mtu: 9000 } })).errors).toEqual([]);
    expect(parseIfconfig((await onHost(sim, "ifconfig", "lagg0")).stdout)[0].mtu).toBe(9000);
  }, 90_000);
});
