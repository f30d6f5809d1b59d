import { capabilityChanges, planLaggChanges, planLaggRemoval } from "../../../provider/plan";
import type { LaggState } from "../../../provider/state";

const base: LaggState = {
  name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 1500, description: "", addresses: ["192.0.2.10/24"],
  hash: ["l2", "l3", "l4"], up: true,
};
const argvs = (d: LaggState, a?: LaggState, t = {}) => planLaggChanges(d, a, t).map((s) => s.argv.join(" "));

describe("planLaggChanges: create", () => {
  test("creates, adds ports in order, brings them up, sets MTU after the ports, adds addresses, ups the lagg", () => {
    expect(argvs({ ...base, mtu: 9000, description: "uplink", addresses: ["192.0.2.10/24", "2001:db8::10/64"] })).toEqual([
      "ifconfig lagg0 create",
      "ifconfig lagg0 laggproto lacp",
      "ifconfig lagg0 laggport igb0",
      "ifconfig lagg0 laggport igb1",
      "ifconfig igb0 up",
      "ifconfig igb1 up",
      "ifconfig lagg0 mtu 9000",
      "ifconfig lagg0 inet 192.0.2.10/24 alias",
      "ifconfig lagg0 inet6 2001:db8::10 prefixlen 64 alias",
      "ifconfig lagg0 description uplink",
      "ifconfig lagg0 up",
    ]);
  });
  test("failover keeps the kernel default protocol (no laggproto) and adds the primary first", () => {
    expect(argvs({ ...base, protocol: "failover", ports: ["igb1", "igb0"], addresses: [] }).slice(0, 3)).toEqual([
      "ifconfig lagg0 create", "ifconfig lagg0 laggport igb1", "ifconfig lagg0 laggport igb0",
    ]);
  });
  test("sets every managed LACP option after the protocol, never unmanaged ones", () => {
    const steps = argvs({ ...base, lacpFastTimeout: true, lacpStrict: false, useFlowid: true, flowidShift: 4 });
    expect(steps.slice(1, 6)).toEqual([
      "ifconfig lagg0 laggproto lacp", "ifconfig lagg0 lacp_fast_timeout", "ifconfig lagg0 -lacp_strict",
      "ifconfig lagg0 use_flowid", "ifconfig lagg0 flowid_shift 4",
    ]);
  });
  test("DHCP starts after the lagg is up; capability words are applied", () => {
    const steps = argvs({ ...base, addresses: [] }, undefined, { dhcp: { from: false, to: true }, capabilityWords: { from: [], to: ["-lro", "-tso"] } });
    expect(steps.slice(-3)).toEqual(["ifconfig lagg0 -lro -tso", "ifconfig lagg0 up", "dhcp_lease lagg0"]);
  });
});

describe("planLaggChanges: update", () => {
  test.each<[string, Partial<LaggState>, Partial<LaggState>, string[], Record<string, unknown>?]>([
    ["nothing to do", {}, {}, []],
    ["MTU on the lagg only", {}, { mtu: 9000 }, ["ifconfig lagg0 mtu 9000"]],
    ["description set", {}, { description: "it's \"x\"" }, [`ifconfig lagg0 description it's "x"`]],
    ["description cleared", { description: "old" }, { description: "" }, ["ifconfig lagg0 -description"]],
    ["protocol change re-sends options", { lacpFastTimeout: true }, { protocol: "loadbalance", useFlowid: false }, ["ifconfig lagg0 laggproto loadbalance", "ifconfig lagg0 -use_flowid"]],
    ["hash", {}, { hash: ["l3", "l4"] }, ["ifconfig lagg0 lagghash l3,l4"]],
    ["ports out before ports in", {}, { ports: ["igb0", "igb2"] }, ["ifconfig lagg0 -laggport igb1", "ifconfig lagg0 laggport igb2", "ifconfig igb2 up"]],
    ["all ports replaced: MTU re-set (the first port sets the lagg MTU)", {}, { ports: ["ix0", "ix1"] },
      ["ifconfig lagg0 -laggport igb0", "ifconfig lagg0 -laggport igb1", "ifconfig lagg0 laggport ix0", "ifconfig lagg0 laggport ix1", "ifconfig ix0 up", "ifconfig ix1 up", "ifconfig lagg0 mtu 1500"]],
    ["addresses added before removed", {}, { addresses: ["198.51.100.1/24"] }, ["ifconfig lagg0 inet 198.51.100.1/24 alias", "ifconfig lagg0 inet 192.0.2.10 -alias"]],
    ["IPv6 removed", { addresses: ["2001:db8::1/64"] }, { addresses: [] }, ["ifconfig lagg0 inet6 2001:db8::1 -alias"]],
    ["IPv4 prefix change: one alias, which the kernel applies as a replace", {}, { addresses: ["192.0.2.10/25"] }, ["ifconfig lagg0 inet 192.0.2.10/25 alias"]],
    ["IPv6 prefix change: delete, then add (the kernel refuses a new prefix)", { addresses: ["2001:db8::1/64"] }, { addresses: ["2001:db8::1/80"] },
      ["ifconfig lagg0 inet6 2001:db8::1 -alias", "ifconfig lagg0 inet6 2001:db8::1 prefixlen 80 alias"]],
    ["down lagg brought up", { up: false }, {}, ["ifconfig lagg0 up"]],
    ["rr_limit on roundrobin", { protocol: "roundrobin" }, { protocol: "roundrobin", rrLimit: 100 }, ["ifconfig lagg0 rr_limit 100"]],
  ])("%s", (_what, actual, desired, want) => {
    expect(argvs({ ...base, ...desired }, { ...base, ...actual })).toEqual(want);
  });

  test("failover primary change: keep only the new primary, then re-add the rest in order", () => {
    const a = { ...base, protocol: "failover", ports: ["igb0", "igb1", "igb2"] };
    expect(argvs({ ...a, ports: ["igb1", "igb0", "igb2"] }, a)).toEqual([
      "ifconfig lagg0 -laggport igb0", "ifconfig lagg0 -laggport igb2",
      "ifconfig lagg0 laggport igb0", "ifconfig lagg0 laggport igb2", "ifconfig igb0 up", "ifconfig igb2 up",
    ]);
  });
  test("failover primary replaced by a new port: all out, new primary first", () => {
    const a = { ...base, protocol: "failover", ports: ["igb0", "igb1"] };
    expect(argvs({ ...a, ports: ["igb2", "igb1"] }, a).slice(0, 4)).toEqual([
      "ifconfig lagg0 -laggport igb0", "ifconfig lagg0 -laggport igb1", "ifconfig lagg0 laggport igb2", "ifconfig lagg0 laggport igb1",
    ]);
  });
  test("DHCP turned off: dhclient stopped and every IPv4 address but the desired ones dropped, before addresses are added", () => {
    const a = { ...base, addresses: ["2001:db8::1/64"] };
    expect(argvs({ ...a, addresses: ["2001:db8::1/64", "192.0.2.10/24"] }, a, { dhcp: { from: true, to: false } })).toEqual([
      "release_dhcp lagg0 192.0.2.10", "ifconfig lagg0 inet 192.0.2.10/24 alias",
    ]);
  });
  test("IPv6 autoconfiguration turned off: RAs refused, then the SLAAC addresses dropped", () => {
    expect(argvs(base, base, { ipv6Autoconf: { from: true, to: false } })).toEqual(["ifconfig lagg0 inet6 -accept_rtadv", "release_slaac lagg0"]);
  });
  test("DHCP kept on: no dhclient step, no release", () => {
    expect(argvs(base, base, { dhcp: { from: true, to: true } })).toEqual([]);
  });
  test("capability words: a dropped word is inverted", () => {
    expect(argvs(base, base, { capabilityWords: { from: ["-lro", "-tso"], to: ["-tso"] } })).toEqual(["ifconfig lagg0 lro"]);
  });
});

test("a rollback (restore) re-asserts every IPv4 address in order: it may start from any failed step", () => {
  const a = { ...base, addresses: ["192.0.2.9/24", "192.0.2.10/24"] };
  expect(planLaggChanges(base, a, {}, { restore: true }).map((s) => s.argv.join(" "))).toEqual([
    "ifconfig lagg0 inet 192.0.2.10/24 alias", "ifconfig lagg0 inet 192.0.2.9 -alias",
  ]);
});

describe("capabilityChanges", () => {
  test.each([
    [[], ["-lro"], ["-lro"]],
    [["-lro"], [], ["lro"]],
    [["-lro"], ["-lro"], []],
    [["-txcsum"], ["txcsum"], ["txcsum"]],
  ])("%j -> %j", (from, to, want) => expect(capabilityChanges(from, to)).toEqual(want));
});

describe("planLaggRemoval", () => {
  test("destroys, then puts formerly-down ports back down", () => {
    expect(planLaggRemoval("lagg3", ["igb2"]).map((s) => s.argv.join(" "))).toEqual(["ifconfig lagg3 destroy", "ifconfig igb2 down"]);
  });
});
