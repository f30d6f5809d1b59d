// The persisted view a script prints: every rc.conf variable boot applies to the lagg, whatever its
// name (an alias far past the provider's own, a `_name`), and the named variables besides.
import { execFileSync } from "node:child_process";
import { laggBootVariable } from "../../../provider/persist/boot-variables";
import { laggBootVariablePattern, renderPersistReport } from "../../../provider/script/persist-report";

/** `sysrc -ae` output of a host with the lagg's own lines, hand edits and other interfaces' lines. */
const SYSRC_AE = [
  'cloned_interfaces="lagg0 lagg01 vlan0"', 'create_args_lagg0="laggproto lacp"', 'hostname="nas1"',
  'ifconfig_igb0="up"', 'ifconfig_lagg0="laggproto failover laggport igb0 inet 192.0.2.7/24"', 'ifconfig_lagg01="up"',
  'ifconfig_lagg0_100="inet 10.0.0.1/24"', 'ifconfig_lagg0_alias23="inet 203.0.113.9/32"', 'ifconfig_lagg0_descr="a  b"',
  'ifconfig_lagg0_name="uplink0"', 'ifconfig_lagg1="up"', 'ipv4_addrs_lagg0="10.1.1.1/24"', 'ipv6_ifconfig_lagg0_alias0="2001:db8::1"',
  'ipv6_prefix_lagg0="2001:db8:1::"', 'vlans_lagg0="100"',
].join("\n");

describe("renderPersistReport", () => {
  test("the listing keeps exactly the lines whose names start with the lagg's boot-variable prefixes", () => {
    const listed = execFileSync("grep", ["-E", laggBootVariablePattern("lagg0")], { input: `${SYSRC_AE}\n` }).toString().trim().split("\n");
    expect(listed.map((l) => l.replace(/=.*$/, ""))).toEqual([
      "create_args_lagg0", "ifconfig_lagg0", "ifconfig_lagg0_100", "ifconfig_lagg0_alias23", "ifconfig_lagg0_descr", "ifconfig_lagg0_name",
      "ipv4_addrs_lagg0", "ipv6_ifconfig_lagg0_alias0", "ipv6_prefix_lagg0",
    ]);
    // The VLAN lagg0.100's line matches the prefix but is not the lagg's: compared and edited as another's.
    expect(listed.map((l) => l.replace(/=.*$/, "")).filter((k) => !laggBootVariable("lagg0", k))).toEqual(["ifconfig_lagg0_100"]);
  });

  test.each([
    ["lagg0", "^(ifconfig_lagg0|ipv4_addrs_lagg0|ipv6_ifconfig_lagg0|ipv6_prefix_lagg0|create_args_lagg0)(_[^=]*)?="],
    ["lagg0.5", "^(ifconfig_lagg0_5|ipv4_addrs_lagg0_5|ipv6_ifconfig_lagg0_5|ipv6_prefix_lagg0_5|create_args_lagg0_5)(_[^=]*)?="],
  ])("pattern for %s", (name, pattern) => {
    expect(laggBootVariablePattern(name)).toBe(pattern);
  });

  test("names the listing covers are not asked for again; cloned_interfaces and the ports' lines are", () => {
    const shell = renderPersistReport("lagg0", ["cloned_interfaces", "ifconfig_lagg0", "ifconfig_lagg0_alias0", "ifconfig_lagg0_descr", "ifconfig_igb0"]);
    expect(shell).toContain(`sysrc -ae 2>/dev/null | grep -E '${laggBootVariablePattern("lagg0")}'`);
    expect(shell).toMatch(/sysrc -e '?cloned_interfaces'? '?ifconfig_igb0'? 2>\/dev\/null/);
    expect(shell).not.toMatch(/alias0|_descr/);
  });

  test("the rendered report runs in sh and prints the lagg's lines, then the named ones", () => {
    const fake = `sysrc() { if [ "$1" = -ae ]; then cat <<'EOF'\n${SYSRC_AE}\nEOF\nelse echo 'cloned_interfaces="lagg0 lagg01 vlan0"'; fi; }`;
    const out = execFileSync("sh", ["-c", `${fake}\n${renderPersistReport("lagg0", ["cloned_interfaces"])}`]).toString();
    expect(out.split("\n")).toEqual(expect.arrayContaining(['ifconfig_lagg0_name="uplink0"', 'ifconfig_lagg0_descr="a  b"', 'cloned_interfaces="lagg0 lagg01 vlan0"']));
    expect(out).not.toContain("ifconfig_igb0");
  });
});
