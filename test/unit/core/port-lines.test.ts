// A port's own rc.conf lines: which words it keeps as a lagg port, and the edits that give them back.
import { isPortOwnVariable, joinLosses, keptPortWords, portVariablePattern, withPortLines, type PortRecords } from "../../../provider/persist/port-lines";
import { convergeSpec, persistedVariables, removalSpec } from "../../../provider/operations/spec";
import { desiredLaggState } from "../../../provider/state";
import { staticAddresses } from "../../../provider/persist/port-addresses";
import { inputs } from "./fixtures";

describe("keptPortWords: what ifconfig_<port> keeps while the port is in a lagg", () => {
  test.each([
    ["no line", undefined, "up", []],
    ["DHCP", "DHCP", "up", ["DHCP"]],
    ["SYNCDHCP with options", "SYNCDHCP -rxcsum", "up -rxcsum", ["SYNCDHCP"]],
    ["up -lro stays", "up -lro", "up -lro", []],
    ["address with options", "inet 192.0.2.5/24 up -lro", "up -lro", ["inet 192.0.2.5/24"]],
    ["netmask form", "inet 192.0.2.5 netmask 255.255.255.0 broadcast 192.0.2.255", "up", ["inet 192.0.2.5", "netmask 255.255.255.0", "broadcast 192.0.2.255"]],
    ["mtu and down", "down mtu 9000 -tso", "up -tso", ["down", "mtu 9000"]],
    ["inet6", "inet6 2001:db8::5 prefixlen 64 accept_rtadv", "up accept_rtadv", ["inet6 2001:db8::5", "prefixlen 64"]],
  ])("%s", (_why, value, kept, dropped) => {
    expect(keptPortWords(value)).toEqual({ value: kept, dropped });
  });
});

const RECORDS: PortRecords = {
  igb2: { rc: { ifconfig_igb2: "DHCP", ifconfig_igb2_alias0: "inet 10.0.0.2/32", ifconfig_igb2_descr: "storage" }, mtu: 1500 },
  igb3: { rc: { ifconfig_igb3: "up -lro" }, mtu: 1500 },
  igb4: { rc: {}, mtu: 1500 },
};

describe("port lines in the lagg's rc.conf edits", () => {
  test("the plan says what a port loses, and nothing when it keeps everything", () => {
    expect(joinLosses("igb2", RECORDS.igb2)).toEqual([
      `ifconfig_igb2="DHCP" becomes "up" (a lagg port cannot keep DHCP)`,
      `ifconfig_igb2_alias0="inet 10.0.0.2/32" is emptied while igb2 is a lagg port`,
    ]);
    expect(joinLosses("igb3", RECORDS.igb3)).toEqual([]);
  });

  test("ports keep the words they can keep in the persisted variables", () => {
    const vars = persistedVariables(inputs({ ports: ["igb2", "igb3", "igb4"], persist: "rc.conf" }), RECORDS);
    expect([vars.ifconfig_igb2, vars.ifconfig_igb3, vars.ifconfig_igb4]).toEqual(["up", "up -lro", "up"]);
  });

  test.each([
    // Emptied in place, not removed: sysrc would append a removed line at the end when it comes back.
    ["joining: address variables are emptied, descr kept", ["igb2"], [], { set: [["ifconfig_igb2_alias0", ""]], unset: [] }],
    ["leaving: every recorded variable comes back", [], ["igb2"], { set: [["ifconfig_igb2", "DHCP"], ["ifconfig_igb2_alias0", "inet 10.0.0.2/32"], ["ifconfig_igb2_descr", "storage"]], unset: [] }],
    ["leaving with no line before: the line is removed", [], ["igb4"], { set: [], unset: ["ifconfig_igb4"] }],
  ])("%s", (_why, joining, leaving, expected) => {
    const base = { set: [] as [string, string][], unset: leaving.map((p) => `ifconfig_${p}`) };
    const out = withPortLines(base, joining, leaving, RECORDS);
    expect({ set: out.set, unset: out.unset }).toEqual(expected);
  });

  test("delete gives the ports their lines and MTU back, and removes a cloned_interfaces it added", () => {
    const i = inputs({ ports: ["igb2", "igb3"], persist: "rc.conf" });
    const before = persistedVariables(i, RECORDS);
    const spec = removalSpec("N", i, { downPortsToRestore: ["igb3"], portsToRestore: RECORDS, clonedInterfacesAbsent: true }, before);
    expect(spec.rcConf?.set).toEqual(expect.arrayContaining([["ifconfig_igb2", "DHCP"], ["ifconfig_igb3", "up -lro"]]));
    expect(spec.rcConf?.unset).not.toContain("ifconfig_igb2");
    expect(spec.rcConf?.cloned).toEqual({ op: "remove", name: i.name, unsetIfEmpty: true });
    // igb2's DHCP line and alias come back live too, as its restored lines give them at boot.
    expect(spec.steps.map((s) => s.argv.join(" "))).toEqual([
      `ifconfig ${i.name} destroy`, "ifconfig igb2 mtu 1500", "ifconfig igb3 mtu 1500", "ifconfig igb3 down", "port_dhcp igb2", "ifconfig igb2 inet 10.0.0.2/32 alias",
    ]);
  });

  test("a DHCP port's alias without a mask comes back live with the classful mask (as boot gives it)", () => {
    const records: PortRecords = { igb2: { rc: { ifconfig_igb2: "DHCP", ifconfig_igb2_alias0: "inet 10.0.0.5" }, mtu: 1500 } };
    const i = inputs({ ports: ["igb2"], persist: "rc.conf" });
    const spec = removalSpec("N", i, { downPortsToRestore: [], portsToRestore: records }, persistedVariables(i, records));
    expect(spec.steps.map((s) => s.argv.join(" ")).slice(-2)).toEqual(["port_dhcp igb2", "ifconfig igb2 inet 10.0.0.5/8 alias"]);
  });

  test("a port that leaves in an update that then fails: the rollback takes back what it was given, if present, before it rejoins", () => {
    const records: PortRecords = { ...RECORDS, igb3: { ...RECORDS.igb3, addresses: ["192.0.2.3/24", "2001:db8::3/64"] } };
    const olds = inputs({ ports: ["igb2", "igb3", "igb4"], addresses: ["198.51.100.7/24"], persist: "rc.conf" });
    const news = { ...olds, ports: ["igb4"] };
    const spec = convergeSpec({ operation: "update", nonce: "N", news, olds, actual: desiredLaggState(olds), checkActual: true, portRecords: records });
    // The apply gives them back after they left ...
    expect(spec.steps.map((s) => s.argv.join(" ")).filter((a) => /port_dhcp|alias$/.test(a))).toEqual([
      "port_dhcp igb2", "ifconfig igb2 inet 10.0.0.2/32 alias", "ifconfig igb3 inet 192.0.2.3/24 alias", "ifconfig igb3 inet6 2001:db8::3/64 alias",
    ]);
    // ... so the rollback first takes it off again (wherever the apply stopped), then re-adds the ports.
    const rollback = spec.rollback.map((s) => s.argv.join(" "));
    expect(rollback.slice(0, 4)).toEqual([
      "release_dhcp igb2", "addr_off_if_present igb2 inet 10.0.0.2", "addr_off_if_present igb3 inet 192.0.2.3", "addr_off_if_present igb3 inet6 2001:db8::3",
    ]);
    expect(rollback.findIndex((a) => a.includes("laggport igb2"))).toBeGreaterThan(3);
  });

  test("a failed create's rollback gives the ports their MTU back (they keep the lagg's otherwise)", () => {
    const news = inputs({ ports: ["igb2", "igb3"], mtu: 9000, persist: "rc.conf" });
    const spec = convergeSpec({ operation: "create", nonce: "N", news, checkActual: true, portRecords: RECORDS });
    expect(spec.rollback.map((s) => s.argv.join(" "))).toEqual([
      `ifconfig ${news.name} destroy`, "ifconfig igb2 mtu 1500", "ifconfig igb3 mtu 1500", "port_dhcp igb2", "ifconfig igb2 inet 10.0.0.2/32 alias",
    ]);
  });

  test("joining ports lose their own live addresses and DHCP first (the rollback gives them back); the moved address is moved once", () => {
    const records: PortRecords = {
      ...RECORDS,
      igb2: { ...RECORDS.igb2, addresses: ["198.51.100.10/24", "10.0.0.2/32"] },
      igb3: { ...RECORDS.igb3, addresses: ["192.0.2.2/24", "2001:db8::3/64"] },
    };
    const news = inputs({ ports: ["igb2", "igb3"], addresses: ["192.0.2.2/24"], persist: "rc.conf" });
    const spec = convergeSpec({ operation: "create", nonce: "N", news, checkActual: true, portRecords: records });
    expect(spec.steps.slice(0, 5).map((s) => s.argv.join(" "))).toEqual([
      "ifconfig igb3 inet 192.0.2.2 -alias", "stop_dhclient igb2", "ifconfig igb2 inet 198.51.100.10 -alias", "ifconfig igb2 inet 10.0.0.2 -alias", "ifconfig igb3 inet6 2001:db8::3 -alias",
    ]);
    expect(spec.rollback.map((s) => s.argv.join(" ")).filter((a) => !a.includes("mtu") && !a.includes("destroy"))).toEqual([
      "ifconfig igb3 inet 192.0.2.2/24 alias", "port_dhcp igb2", "ifconfig igb2 inet 10.0.0.2/32 alias", "ifconfig igb3 inet6 2001:db8::3/64 alias",
    ]);
  });

  test.each([
    ["inet A/P and an alias", { ifconfig_ix0: "inet 10.7.0.1/24 mtu 4000", ifconfig_ix0_alias0: "inet 10.7.1.1/32" }, ["10.7.0.1/24", "10.7.1.1/32"]],
    ["netmask forms", { ifconfig_ix0: "inet 10.7.0.1 netmask 0xffffff00", ifconfig_ix0_alias1: "inet 10.7.2.1 netmask 255.255.0.0" }, ["10.7.0.1/24", "10.7.2.1/16"]],
    ["IPv6 with prefixlen", { ifconfig_ix0_ipv6: "inet6 2001:db8::7 prefixlen 64 accept_rtadv" }, ["2001:db8::7/64"]],
    // Issue 18: rc.conf allows an address without a mask; the kernel picks the classful one (in.c), boot and the restore alike.
    ["no prefix: the classful one (A, B, C)", { ifconfig_ix0: "inet 10.7.0.1", ifconfig_ix0_alias0: "inet 172.16.0.9", ifconfig_ix0_alias1: "inet 192.0.2.9 alias" }, ["10.7.0.1/8", "172.16.0.9/16", "192.0.2.9/24"]],
    ["inet6 without prefixlen: 64", { ifconfig_ix0_ipv6: "inet6 2001:db8::9" }, ["2001:db8::9/64"]],
    ["descr: none", { ifconfig_ix0_descr: "inet 10.1.1.1/8" }, []],
  ])("staticAddresses: %s", (_why, rc, expected) => {
    expect(staticAddresses("ix0", { rc })).toEqual(expected);
  });

  test.each([
    ["ifconfig_igb2", true], ["ifconfig_igb2_ipv6", true], ["ifconfig_igb2_descr", true], ["ifconfig_igb2_name", true],
    ["ifconfig_igb2_aliases", true], ["ifconfig_igb2_alias0", true], ["ifconfig_igb2_alias12", true],
    // Not the port's: another interface (VLAN igb2.100 is ifconfig_igb2_100, igb20 is another NIC), a made-up suffix.
    ["ifconfig_igb2_100", false], ["ifconfig_igb20", false], ["ifconfig_igb2_description", false], ["ifconfig_igb2_aliasX", false],
  ])("the port's own variables, whatever an alias's number: %s -> %s", (name, own) => {
    expect(isPortOwnVariable("igb2", name)).toBe(own);
  });

  test("the port read lists the ports' variables by pattern (no fixed number of alias slots)", () => {
    const re = new RegExp(portVariablePattern(["igb2", "ix0"]));
    expect(['ifconfig_igb2_alias31="inet 10.0.0.31/32"', 'ifconfig_ix0="up"', 'ifconfig_igb2_ipv6="inet6 ::1"'].every((l) => re.test(l))).toBe(true);
    expect(['ifconfig_igb3="up"', 'cloned_interfaces="lagg0"', 'xifconfig_igb2="up"'].some((l) => re.test(l))).toBe(false);
  });
});
