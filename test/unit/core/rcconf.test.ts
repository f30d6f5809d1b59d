// rc.conf persistence: what is written, what boot makes of it, what counts as drift.
import { laggBootVariable } from "../../../provider/persist/boot-variables";
import { planRcConfEdits, rcConfInSync, rcConfVariables, reconcileRcConf, type RcConfInputs } from "../../../provider/persist/rcconf";
import { checkLaggArgs } from "../../../provider/schema";
import { rcConfDescriptionProblem } from "../../../provider/schema/description";

const base: RcConfInputs = {
  name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], mtu: 9000, description: "", addresses: ["198.51.100.7/24"],
  dhcp: false, ipv6Autoconf: false, hash: ["l2", "l3", "l4"], options: [], disableHardwareOffload: false, lacpFastTimeout: false,
};

describe("rcConfVariables", () => {
  test("the first IPv4 address leads ifconfig_lagg0 (an address family keyword only counts right after the name)", () => {
    expect(rcConfVariables(base)).toEqual({
      ifconfig_lagg0: "inet 198.51.100.7/24 laggproto failover laggport igb0 laggport igb1 mtu 9000",
      ifconfig_igb0: "up",
      ifconfig_igb1: "up",
    });
  });
  test("further IPv4 addresses, then IPv6 ones: first IPv6 in _ipv6, the rest as numbered aliases without gaps", () => {
    const vars = rcConfVariables({ ...base, addresses: ["2001:db8::1/64", "198.51.100.7/24", "2001:db8::2/64", "198.51.100.8/32"], ipv6Autoconf: true, description: "uplink" });
    expect(vars).toMatchObject({
      ifconfig_lagg0: "inet 198.51.100.7/24 laggproto failover laggport igb0 laggport igb1 mtu 9000",
      ifconfig_lagg0_ipv6: "inet6 2001:db8::1 prefixlen 64 accept_rtadv",
      ifconfig_lagg0_alias0: "inet 198.51.100.8/32",
      ifconfig_lagg0_alias1: "inet6 2001:db8::2 prefixlen 64",
      ifconfig_lagg0_descr: "uplink",
    });
  });
  test("DHCP: no address family keyword, DHCP last", () => {
    expect(rcConfVariables({ ...base, addresses: [], dhcp: true }).ifconfig_lagg0).toBe("laggproto failover laggport igb0 laggport igb1 mtu 9000 DHCP");
  });
});

describe("planRcConfEdits", () => {
  const now = rcConfVariables(base);
  test("never unsets cloned_interfaces (a shared list: it is edited with += / -=)", () => {
    const edits = planRcConfEdits("lagg0", { ...now, cloned_interfaces: "lagg0 vlan5" }, rcConfVariables({ ...base, mtu: 1500 }));
    expect(edits.unset).toEqual([]);
    expect(edits.set).toEqual([["ifconfig_lagg0", "inet 198.51.100.7/24 laggproto failover laggport igb0 laggport igb1 mtu 1500"]]);
    expect(edits.cloned).toEqual({ op: "add", name: "lagg0" });
  });
  test("removes what boot would apply that the provider did not write, not the VLAN lagg0.100's variables", () => {
    const seen = { ...now, ifconfig_lagg0_alias7: "inet 203.0.113.9/32", ifconfig_lagg0_name: "uplink0", ipv4_addrs_lagg0: "203.0.113.1/24", ifconfig_lagg0_100: "inet 10.1.0.1/24", vlans_lagg0: "100" };
    expect(planRcConfEdits("lagg0", seen, now).unset.sort()).toEqual(["ifconfig_lagg0_alias7", "ifconfig_lagg0_name", "ipv4_addrs_lagg0"]);
  });
  test("a port that left the lagg loses its up variable", () => {
    expect(planRcConfEdits("lagg0", now, rcConfVariables({ ...base, ports: ["igb0"] })).unset).toEqual(["ifconfig_igb1"]);
  });
});

describe("rcConfInSync", () => {
  const expected = rcConfVariables(base);
  const seen = { ...expected, cloned_interfaces: "lagg0" };
  test.each<[string, Record<string, string>, boolean]>([
    ["exactly what the provider writes", seen, true],
    ["a hand-added alias, gaps or not", { ...seen, ifconfig_lagg0_alias9: "inet 203.0.113.9/32" }, false],
    ["an empty alias (stops older releases' alias loop)", { ...seen, ifconfig_lagg0_alias0: "" }, false],
    ["a rename at boot", { ...seen, ifconfig_lagg0_name: "uplink0" }, false],
    ["an old-style address list", { ...seen, ipv4_addrs_lagg0: "203.0.113.1/24" }, false],
    ["a VLAN on the lagg (another interface)", { ...seen, ifconfig_lagg0_100: "inet 10.1.0.1/24" }, true],
    ["a hand-edited value", { ...seen, ifconfig_lagg0: "laggproto failover laggport igb0" }, false],
    ["not cloned at boot", expected, false],
  ])("%s -> %s", (_what, observed, want) => expect(rcConfInSync("lagg0", observed, expected)).toBe(want));
});

describe("laggBootVariable", () => {
  test.each<[string, boolean]>([
    ["ifconfig_lagg0", true], ["ifconfig_lagg0_ipv6", true], ["ifconfig_lagg0_descr", true], ["ifconfig_lagg0_alias0", true],
    ["ifconfig_lagg0_alias12", true], ["ifconfig_lagg0_aliases", true], ["ifconfig_lagg0_name", true], ["create_args_lagg0", true],
    ["ipv6_ifconfig_lagg0_alias3", true], ["ipv6_prefix_lagg0", true], ["ifconfig_lagg0_description", false],
    ["ifconfig_lagg0_100", false], ["ifconfig_lagg01", false], ["vlans_lagg0", false], ["cloned_interfaces", false],
  ])("%s -> %s", (name, want) => expect(laggBootVariable("lagg0", name)).toBe(want));
});

describe("descriptions boot would change (rc.conf)", () => {
  test.each<[string, string | undefined]>([
    ["uplink to core-sw1", undefined],
    ["it's \"x\" $HOME `id` \\ ok", undefined],
    [" uplink", "leading or trailing spaces are dropped"],
    ["uplink ", "leading or trailing spaces are dropped"],
    ["core  sw1", "runs of spaces collapse into one"],
    ["rack*", "* is a glob character: the word is replaced by matching file names in / when there are any"],
    ["port?", "? is a glob character: the word is replaced by matching file names in / when there are any"],
    ["[b]in", "[ is a glob character: the word is replaced by matching file names in / when there are any"],
    ["-n uplink", "a first word -n is taken by echo as its option"],
    ["-e a\\tb", "a first word -e is taken by echo as its option"],
  ])("%j -> %s", (description, want) => expect(rcConfDescriptionProblem(description)).toBe(want));

  const args = (persist: string, description: string) => ({
    connection: { host: "nas1", password: "pw", insecureSkipHostKeyCheck: true }, name: "lagg0", protocol: "lacp", ports: ["igb0"], persist, description,
  });
  test.each(["rc.conf", "auto"])("persist %s: check refuses, naming the property, rc.conf and the reboot", (persist) => {
    const failures = checkLaggArgs(args(persist, "core  sw1")).failures.filter((f) => f.property === "description");
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/reboot.*rc\.conf.*runs of spaces collapse/);
  });
  test.each(["truenas", "none"])("persist %s: nothing goes through rc.conf, so the description is accepted", (persist) => {
    expect(checkLaggArgs(args(persist, "core  sw1")).failures).toEqual([]);
  });
});

describe("reconcileRcConf", () => {
  test("a hand-added alias beyond a gap: out of sync, and the edits remove it and keep the rest", () => {
    const expected = rcConfVariables(base);
    const observed = { ...expected, cloned_interfaces: "lagg0", ifconfig_lagg0_alias12: "inet 203.0.113.9/32" };
    expect(reconcileRcConf("lagg0", observed, expected)).toEqual({
      inSync: false,
      extra: ["ifconfig_lagg0_alias12"],
      edits: { set: [], unset: ["ifconfig_lagg0_alias12"], cloned: { op: "add", name: "lagg0" } },
    });
  });
  test("in sync: nothing to change but the (idempotent) cloned_interfaces membership", () => {
    const expected = rcConfVariables(base);
    expect(reconcileRcConf("lagg0", { ...expected, cloned_interfaces: "lagg0" }, expected)).toMatchObject({ inSync: true, extra: [], edits: { set: [], unset: [] } });
  });
});
