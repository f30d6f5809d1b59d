// Facts 8-10 of real-host-facts.md: what network.subr does to rc.conf values at boot (commands/eval-echo.ts,
// commands/rc-aliases.ts, commands/netif.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalEcho, expanderAt, NO_FILES } from "../commands/eval-echo";
import { aliasVariables, classifyAlias } from "../commands/rc-aliases";
import { freshMachine, ifconfigText, runAll } from "./helpers";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "laggsim-unit-root-"));
  for (const dir of ["etc", "usr", "var"]) mkdirSync(join(root, dir));
  writeFileSync(join(root, "etc", "rc.conf"), "");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("get_if_var's eval echo", () => {
  test.each([
    ["  uplink   to\tcore  ", "uplink to core"],
    ["no globs here", "no globs here"],
    ["matches nothing: x*y [q]z", "matches nothing: x*y [q]z"],
    ["root dirs: /[eu]*", "root dirs: /etc /usr"],
    ["relative to /: v?r", "relative to /: var"],
    ["dot files stay hidden: /.*x", "dot files stay hidden: /.*x"],
    ["no climbing: /../*", "no climbing: /../*"],
  ])("%p -> %p", (value, echoed) => {
    expect(evalEcho(value, expanderAt(root))).toBe(echoed);
  });

  test("without a file system every pattern stays literal", () => {
    expect(evalEcho("a  * b", NO_FILES)).toBe("a * b");
  });
});

describe("ifconfig_IF_aliasN listing", () => {
  test("every set variable, gaps or not, in numeric order of N (sort_lite -n: alias2 before alias10)", () => {
    const vars = new Map([["ifconfig_lagg0_alias10", "a"], ["ifconfig_lagg0_alias2", "b"], ["ifconfig_lagg0_alias0", "c"],
      ["ifconfig_lagg0_aliases", "x"], ["ifconfig_lagg01_alias1", "y"], ["ifconfig_lagg0_alias5x", "d"]]);
    expect(aliasVariables(vars, "lagg0")).toEqual(["ifconfig_lagg0_alias0", "ifconfig_lagg0_alias2", "ifconfig_lagg0_alias5x", "ifconfig_lagg0_alias10"]);
  });

  test.each([
    ["inet 10.0.0.1/32", "inet", "alias", "use"],
    ["inet6 2001:db8::1/64", "inet", "alias", "skip"],
    ["", "inet", "alias", "stop"],
    ["10.0.0.1/32", "inet", "alias", "add-inet"],
    ["10.0.0.1/32", "inet", "-alias", "skip"],
    ["10.0.0.1/32", "inet6", "alias", "skip"],
  ])("%p while adding %s (%s) -> %s", (value, af, action, verdict) => {
    expect(classifyAlias(value, af, action)).toBe(verdict);
  });
});

describe("boot applies the words as network.subr passes them", () => {
  const boot = async (...sysrc: string[]) => {
    const machine = freshMachine();
    machine.attachRoot(mkdtempSync(join(root, "host-")));
    for (const dir of ["etc", "usr"]) mkdirSync(join(machine.rootDir as string, dir), { recursive: true });
    await runAll(machine, ...sysrc, "reboot");
    return machine;
  };

  test("the description has its blank runs collapsed and its globs expanded against /", async () => {
    const machine = await boot("sysrc cloned_interfaces=lagg0 'ifconfig_lagg0=laggproto failover laggport igb0'",
      "sysrc 'ifconfig_lagg0_descr=  uplink   to  /[eu]* [core] '");
    expect(machine.kernel.get("lagg0").description).toBe("uplink to /etc /usr [core]");
  });

  test("DHCP and friends are dropped from ifconfig_IF; runs of blanks do not matter", async () => {
    const machine = await boot("sysrc 'ifconfig_igb0=  SYNCDHCP   mtu  9000  '");
    expect(machine.kernel.get("igb0").mtu).toBe(9000);
  });

  test("ifconfig_IF_ipv6 gets inet6 -ifdisabled first", async () => {
    const machine = await boot("sysrc 'ifconfig_igb0_ipv6=inet6 2001:db8::5/64'");
    expect(await ifconfigText(machine, "igb0")).toContain("\tinet6 2001:db8::5 prefixlen 64\n");
    expect(await ifconfigText(machine, "igb0")).not.toContain("IFDISABLED");
  });

  test("aliases with a gap and two-digit numbers are all applied, alias2 before alias10 (inet6 ones only with ifconfig_IF_ipv6: ipv6if)", async () => {
    const machine = await boot("sysrc 'ifconfig_igb0=inet 10.0.0.1/24'", "sysrc 'ifconfig_igb0_ipv6=inet6 2001:db8::1/64'", "sysrc 'ifconfig_igb0_alias0=inet 10.0.0.2/32'",
      "sysrc 'ifconfig_igb0_alias10=inet 10.0.0.10/32'", "sysrc 'ifconfig_igb0_alias2=inet 10.0.0.3/32'",
      "sysrc 'ifconfig_igb0_alias3=inet6 2001:db8::3/64'");
    const lines = (await ifconfigText(machine, "igb0")).split("\n").filter((l) => /^\tinet6? /.test(l) && !l.includes("fe80"));
    expect(lines).toEqual([
      "\tinet 10.0.0.1 netmask 0xffffff00 broadcast 10.0.0.255",
      "\tinet 10.0.0.2 netmask 0xffffffff broadcast 10.0.0.2",
      "\tinet 10.0.0.3 netmask 0xffffffff broadcast 10.0.0.3",
      "\tinet 10.0.0.10 netmask 0xffffffff broadcast 10.0.0.10",
      "\tinet6 2001:db8::1 prefixlen 64",
      "\tinet6 2001:db8::3 prefixlen 64",
    ]);
  });

  test("an empty aliasN stops the walk; a family-less one counts as inet with rc's warning", async () => {
    const machine = await boot("sysrc 'ifconfig_igb0_alias0=10.0.0.2/32'", "sysrc ifconfig_igb0_alias1=",
      "sysrc 'ifconfig_igb0_alias2=inet 10.0.0.3/32'");
    expect(machine.bootLog).toContain('/etc/rc.d/netif: WARNING: $ifconfig_igb0_alias0 needs leading "inet" keyword for an IPv4 address.\n');
    const text = await ifconfigText(machine, "igb0");
    expect(text).toContain("\tinet 10.0.0.2 ");
    expect(text).not.toContain("10.0.0.3");
  });
});
