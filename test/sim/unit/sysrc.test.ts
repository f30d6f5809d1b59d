// sysrc(8) against the machine's rc.conf: every form the provider and users rely on.
import { createSimMachine } from "../machine";
import { awkAssignedValue, editList } from "../commands/sysrc";
import { run, runAll } from "./helpers";

const fresh = () => createSimMachine({ hostname: "nas1" });

describe("sysrc", () => {
  test.each([
    ["sysrc ifconfig_lagg0='laggproto lacp laggport igb0'", "ifconfig_lagg0:  -> laggproto lacp laggport igb0\n", 'ifconfig_lagg0="laggproto lacp laggport igb0"'],
    ["sysrc cloned_interfaces+=lagg0", "cloned_interfaces:  -> lagg0\n", 'cloned_interfaces="lagg0"'],
    ["sysrc hostname=nas2", "hostname: nas1 -> nas2\n", 'hostname="nas2"'],
    ["sysrc -e ifconfig_igb0=up", 'ifconfig_igb0="" # -> "up"\n', 'ifconfig_igb0="up"'],
  ])("%s", async (line, stdout, fileLine) => {
    const machine = fresh();
    expect(await run(machine, line)).toEqual({ stdout, stderr: "", exitCode: 0 });
    expect(machine.rcConf.text().split("\n")).toContain(fileLine);
  });

  test("a new variable is appended; an existing one is replaced in place", async () => {
    const machine = fresh();
    await runAll(machine, "sysrc ifconfig_igb0=up", "sysrc ifconfig_igb1=up", "sysrc ifconfig_igb0=DHCP");
    expect(machine.rcConf.text()).toBe([
      'hostname="nas1"', 'ifconfig_em0="inet 192.0.2.2/24"', 'sshd_enable="YES"',
      'ifconfig_igb0="DHCP"', 'ifconfig_igb1="up"', "",
    ].join("\n"));
  });

  test.each([
    ["lagg0", "lagg1", "lagg0 lagg1"],
    ["lagg0 lagg1", "lagg2", "lagg0 lagg1 lagg2"],
    ["", "lagg0", "lagg0"],
    ["vlan0", "vlan0", "vlan0"],
    ["a,b", ",c", "a,b,c"],
  ])("%p += %p", (before, add, after) => {
    expect(editList(before, add, true)).toBe(after);
  });

  test.each([
    ["lagg0 lagg1 lagg2", "lagg1", "lagg0 lagg2"],
    ["lagg0", "lagg0", ""],
    ["a,b,c", ",b", "a,c"],
  ])("-= %p minus %p", (before, remove, after) => {
    expect(editList(before, remove, false)).toBe(after);
  });

  test("+= and -= through the command, with no duplicates", async () => {
    const machine = fresh();
    await runAll(machine, "sysrc cloned_interfaces+=lagg0", "sysrc cloned_interfaces+=lagg1");
    expect(await run(machine, "sysrc cloned_interfaces+=lagg0")).toMatchObject({ stdout: "cloned_interfaces: lagg0 lagg1 -> lagg0 lagg1\n" });
    expect(await run(machine, "sysrc cloned_interfaces-=lagg0")).toMatchObject({ stdout: "cloned_interfaces: lagg0 lagg1 -> lagg1\n" });
    expect(machine.rcConf.get("cloned_interfaces")).toBe("lagg1");
  });

  test.each([
    ["sysrc hostname", "hostname: nas1\n", "", 0],
    ["sysrc -n hostname", "nas1\n", "", 0],
    ["sysrc -e hostname", 'hostname="nas1"\n', "", 0],
    ["sysrc -N hostname", "hostname\n", "", 0],
    ["sysrc cloned_interfaces", "cloned_interfaces: \n", "", 0],
    ["sysrc ifconfig_lagg0", "", "sysrc: unknown variable 'ifconfig_lagg0'\n", 1],
    ["sysrc -i ifconfig_lagg0", "", "", 1],
    ["sysrc -q ifconfig_lagg0", "", "", 1],
    ["sysrc -n ifconfig_lagg0", "", "sysrc: unknown variable 'ifconfig_lagg0'\n", 1],
    ["sysrc -c hostname=nas1", "", "", 0],
    ["sysrc -c hostname=other", "", "", 1],
    ["sysrc -c ifconfig_lagg0=up", "", "", 1],
    ["sysrc -vc hostname=other", "/etc/rc.conf: hostname: would change from `nas1' to `other'\n", "", 1],
    ["sysrc -c hostname", "", "", 0],
    ["sysrc -F hostname", "hostname: /etc/rc.conf\n", "", 0],
    ["sysrc -F cloned_interfaces", "cloned_interfaces: /etc/defaults/rc.conf\n", "", 0],
    ["sysrc -x ifconfig_lagg0", "", "sysrc: unknown variable 'ifconfig_lagg0'\n", 1],
    ["sysrc 'bad.name=1'", "", "sysrc: bad.name: name contains characters not allowed in shell\n", 1],
    ["sysrc", "", "Usage: sysrc [OPTIONS] {name[[+|-]=value] ... | -a | -A | -l | -L [name ...]}\nTry `sysrc --help' for more information.\n", 1],
  ])("%s", async (line, stdout, stderr, exitCode) => {
    expect(await run(fresh(), line)).toEqual({ stdout, stderr, exitCode });
  });

  test("-x removes every assignment, silently", async () => {
    const machine = fresh();
    machine.rcConf.setText("/etc/rc.conf", 'ifconfig_lagg0="up"\n# keep\nifconfig_lagg0="laggproto lacp"\n');
    expect(await run(machine, "sysrc -x ifconfig_lagg0")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(machine.rcConf.text()).toBe("# keep\n");
  });

  test("replacement keeps the quoting style and a trailing comment", async () => {
    const machine = fresh();
    machine.rcConf.setText("/etc/rc.conf", "ifconfig_igb0='up' # port\nifconfig_igb1=up\n");
    await runAll(machine, "sysrc ifconfig_igb0=down ifconfig_igb1=down");
    expect(machine.rcConf.text()).toBe("ifconfig_igb0='down' # port\nifconfig_igb1=\"down\"\n");
  });

  test("-f operates on another file; rc.conf.local overrides rc.conf when read", async () => {
    const machine = fresh();
    expect(await run(machine, "sysrc -f /etc/rc.conf.local hostname=local")).toMatchObject({ stdout: "hostname:  -> local\n" });
    expect(machine.rcConf.text("/etc/rc.conf.local")).toBe('hostname="local"\n');
    expect((await run(machine, "sysrc -n hostname")).stdout).toBe("local\n");
    expect((await run(machine, "sysrc -f /etc/rc.conf -n hostname")).stdout).toBe("nas1\n");
  });

  test("-a lists the variables set in the rc.conf files, sorted", async () => {
    expect((await run(fresh(), "sysrc -a")).stdout).toBe('hostname: nas1\nifconfig_em0: inet 192.0.2.2/24\nsshd_enable: YES\n');
  });

  // Fact 12 (usr.sbin/sysrc/sysrc and usr.sbin/bsdconfig/share/sysrc.subr, FreeBSD 13/14).
  test("-ae prints every variable of the rc.conf files as name=\"value\", the form the provider lists boot variables in", async () => {
    const machine = fresh();
    await runAll(machine, "sysrc ifconfig_lagg0_alias7='inet 203.0.113.9/32'");
    expect((await run(machine, "sysrc -ae")).stdout).toBe(
      'hostname="nas1"\nifconfig_em0="inet 192.0.2.2/24"\nifconfig_lagg0_alias7="inet 203.0.113.9/32"\nsshd_enable="YES"\n');
  });

  test("-e prints the value as sh assigns it, between quotes, unescaped", async () => {
    const machine = fresh();
    machine.rcConf.setText("/etc/rc.conf", 'ifconfig_lagg0_descr="say \\"hi\\" \\$HOME"\n');
    expect((await run(machine, "sysrc -e ifconfig_lagg0_descr")).stdout).toBe('ifconfig_lagg0_descr="say "hi" $HOME"\n');
  });

  test("several name=value in one call: each set and reported on stdout as name: old -> new", async () => {
    const machine = fresh();
    expect(await run(machine, "sysrc hostname=nas2 ifconfig_igb0=up")).toEqual({ stdout: "hostname: nas1 -> nas2\nifconfig_igb0:  -> up\n", stderr: "", exitCode: 0 });
    expect([machine.rcConf.get("hostname"), machine.rcConf.get("ifconfig_igb0")]).toEqual(["nas2", "up"]);
  });

  test.each([
    ["a\\\\b", "a\\b"],
    ["a\\$b \\`c\\` \\\"d\\\"", 'a$b `c` "d"'],
    ["tab\\there", "tab\there"],
    ["octal \\101\\0619", "octal A19"],
    ["trailing \\", "trailing \\"],
    ["plain words", "plain words"],
  ])("awk -v turns %p into %p (one-true-awk qstring)", (given, assigned) => {
    expect(awkAssignedValue(given)).toBe(assigned);
  });

  test("a new variable keeps its backslashes (echo); rewriting an existing one through awk -v drops them", async () => {
    const machine = fresh();
    await runAll(machine, "sysrc 'ifconfig_lagg0_descr=a\\$b \\\\ c'");
    expect(machine.rcConf.text().split("\n")).toContain('ifconfig_lagg0_descr="a\\$b \\\\ c"');
    expect(machine.rcConf.get("ifconfig_lagg0_descr")).toBe("a$b \\ c");
    await runAll(machine, "sysrc 'ifconfig_lagg0_descr=a\\$b \\\\ c'");
    expect(machine.rcConf.text().split("\n")).toContain('ifconfig_lagg0_descr="a$b \\ c"');
  });

  test("values with spaces and quotes survive a round trip through the file", async () => {
    const machine = fresh();
    await runAll(machine, `sysrc "ifconfig_lagg0_descr=uplink to core-sw1"`);
    expect((await run(machine, "sysrc -n ifconfig_lagg0_descr")).stdout).toBe("uplink to core-sw1\n");
  });
});
