// ifconfig's listing forms: -a, -l, -g, -d/-u, -m, -v, an address family, IFCONFIG_FORMAT.
import { freshMachine, run, runAll } from "./helpers";

describe("listing", () => {
  test("-l prints every name on one line, if_index order", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create");
    expect((await run(machine, "ifconfig -l")).stdout).toBe("em0 em1 igb0 igb1 igb2 igb3 ix0 ix1 lo0 lagg0\n");
  });

  test.each([
    ["ifconfig -l -u", "ix1 lo0\n"],
    ["ifconfig -l -d", "em0 em1 igb0 igb1 igb2 igb3 ix0\n"],
    ["ifconfig -l inet", "ix1 lo0\n"],
    ["ifconfig -l inet6", "lo0\n"],
    ["ifconfig -l ether", "em0 em1 igb0 igb1 igb2 igb3 ix0 ix1\n"],
  ])("%s", async (line, expected) => {
    expect((await run(freshMachine(), line)).stdout).toBe(expected);
  });

  test("-g lagg lists the members of the lagg group, one per line; -g nosuch prints nothing", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg create", "ifconfig lagg create", "ifconfig lagg0 name uplink0");
    expect(await run(machine, "ifconfig -g lagg")).toEqual({ stdout: "uplink0\nlagg1\n", stderr: "", exitCode: 0 });
    expect(await run(machine, "ifconfig -g nosuch")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  test("-a -g lagg shows only the lagg blocks", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg1 create");
    const out = (await run(machine, "ifconfig -a -g lagg")).stdout;
    expect(out.split("\n").filter((l) => !l.startsWith("\t") && l)).toEqual([
      expect.stringMatching(/^lagg0: /), expect.stringMatching(/^lagg1: /),
    ]);
  });

  test("no arguments and -a print every interface block", async () => {
    const machine = freshMachine();
    const plain = (await run(machine, "ifconfig")).stdout;
    expect((await run(machine, "ifconfig -a")).stdout).toBe(plain);
    expect(plain.split("\n").filter((l) => /^\S+: flags=/.test(l))).toHaveLength(9);
  });

  test("an address family limits the block to it (lines and nd6)", async () => {
    const machine = freshMachine();
    expect((await run(machine, "ifconfig lo0 inet6")).stdout).toBe([
      "lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384",
      "\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>",
      "\tinet6 ::1 prefixlen 128",
      "\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x9",
      "\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>",
      "",
    ].join("\n"));
    expect((await run(machine, "ifconfig em0 inet"))).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  test("-m adds capabilities= and the supported media", async () => {
    const out = (await run(freshMachine(), "ifconfig -m em0")).stdout;
    expect(out).toContain("\toptions=4e504bb<");
    expect(out).toContain("\tcapabilities=4e53dbb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO4,LRO,WOL_UCAST,WOL_MCAST,WOL_MAGIC,VLAN_HWFILTER,VLAN_HWTSO,RXCSUM_IPV6,TXCSUM_IPV6,HWSTATS,MEXTPG>\n");
    expect(out).toContain("\tsupported media:\n\t\tmedia autoselect\n\t\tmedia 1000baseT\n");
  });

  test("a NIC with link shows the active media; without link, no carrier", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig ix0 up");
    expect((await run(machine, "ifconfig ix0")).stdout).toContain(
      "\tmedia: Ethernet autoselect (10Gbase-T <full-duplex,rxpause,txpause>)\n\tstatus: active\n");
    machine.setLink("ix0", false);
    const out = (await run(machine, "ifconfig ix0")).stdout;
    expect(out).toContain("\tmedia: Ethernet autoselect\n\tstatus: no carrier\n");
    expect(out.split("\n")[0]).toBe("ix0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500");
  });

  test.each([
    ["inet:cidr", "\tinet 192.0.2.2/24 broadcast 192.0.2.255\n"],
    ["inet:dotted", "\tinet 192.0.2.2 netmask 255.255.255.0 broadcast 192.0.2.255\n"],
  ])("-f %s", async (spec, line) => {
    const machine = freshMachine();
    expect((await run(machine, `ifconfig -f ${spec} ix1`)).stdout).toContain(line);
    expect((await run(machine, "ifconfig ix1", { IFCONFIG_FORMAT: spec })).stdout).toContain(line);
  });
});
