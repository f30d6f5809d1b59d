// lagg(4) configuration: MTU rules, capabilities, IPv6 on ports, options and their defaults.
import { IFCAP } from "../kernel/bits";
import { freshMachine, ifconfigText, run, runAll } from "./helpers";

describe("MTU", () => {
  test("the first port sets the lagg MTU, later ports take the lagg's", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 mtu 9000", "ifconfig lagg0 create laggport igb0 laggport igb1");
    const k = machine.kernel;
    expect([k.get("lagg0").mtu, k.get("igb0").mtu, k.get("igb1").mtu]).toEqual([9000, 9000, 9000]);
  });

  test("an MTU set on an empty lagg is replaced by the first port's", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create mtu 9000", "ifconfig lagg0 laggport igb0");
    expect(machine.kernel.get("lagg0").mtu).toBe(1500);
  });

  test("a later port whose driver refuses the lagg MTU is not added", async () => {
    const machine = freshMachine({ interfaces: ["igb0", { name: "igb1", maxMtu: 1500 }, "ix1"] });
    await runAll(machine, "ifconfig lagg0 create laggport igb0 mtu 9000");
    const result = await run(machine, "ifconfig lagg0 laggport igb1");
    expect(result.stderr).toBe("ifconfig: lagg0 igb1: SIOCSLAGGPORT: Invalid argument\n");
    expect(machine.kernel.get("igb1").member).toBeUndefined();
    expect(machine.kernel.messages).toContain("lagg0: invalid MTU for igb1");
  });

  test("lagg MTU goes to every port; one refusal reverts them all", async () => {
    const machine = freshMachine({ interfaces: ["igb0", "igb1", { name: "igb2", maxMtu: 4000 }, "ix1"] });
    await runAll(machine, "ifconfig lagg0 create laggport igb0 laggport igb1 laggport igb2", "ifconfig lagg0 mtu 4000");
    const k = machine.kernel;
    expect(["lagg0", "igb0", "igb1", "igb2"].map((n) => k.get(n).mtu)).toEqual([4000, 4000, 4000, 4000]);
    const result = await run(machine, "ifconfig lagg0 mtu 9000");
    expect(result.stderr).toBe("ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n");
    expect(["lagg0", "igb0", "igb1", "igb2"].map((n) => k.get(n).mtu)).toEqual([4000, 4000, 4000, 4000]);
    expect(k.messages).toContain("lagg0: failed to change MTU to 9000 on port igb2, reverting all ports to original MTU (4000)");
  });

  test("removing a port does not restore its MTU (lagg_port_destroy only restores MAC and caps)", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport igb0 mtu 9000", "ifconfig lagg0 -laggport igb0");
    expect(machine.kernel.get("igb0").mtu).toBe(9000);
  });
});

describe("capabilities", () => {
  test("the lagg enables what all ports have enabled and pushes it to them; removal restores", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport em0 laggport igb0");
    const k = machine.kernel;
    expect(k.get("lagg0").capenable).toBe(k.get("em0").profile!.capenable);
    expect(k.get("igb0").capenable & IFCAP.TSO4).toBe(0);
    await runAll(machine, "ifconfig lagg0 -laggport igb0");
    expect(k.get("igb0").capenable & IFCAP.TSO4).toBe(IFCAP.TSO4);
  });

  test.each([
    ["-txcsum", IFCAP.TXCSUM, 0],
    ["-lro", IFCAP.LRO, 0],
    ["-vlanhwtag", IFCAP.VLAN_HWTAGGING, 0],
    ["-vlanhwfilter", IFCAP.VLAN_HWFILTER, 0],
    ["-tso", IFCAP.TSO4 | IFCAP.TSO6, 0],
    ["-rxcsum", IFCAP.RXCSUM | IFCAP.RXCSUM_IPV6, 0],
  ])("ifconfig lagg0 %s reaches every port", async (word, bits, expected) => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport igb0 laggport igb1", `ifconfig lagg0 ${word}`);
    for (const name of ["lagg0", "igb0", "igb1"]) expect(machine.kernel.get(name).capenable & bits).toBe(expected);
  });

  test("re-enabling on the lagg turns the bit back on everywhere", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport igb0 laggport igb1", "ifconfig lagg0 -txcsum", "ifconfig lagg0 txcsum");
    for (const name of ["lagg0", "igb0", "igb1"]) expect(machine.kernel.get(name).capenable & IFCAP.TXCSUM).toBe(IFCAP.TXCSUM);
  });

  test("a fresh lagg has only HWSTATS and prints options=800000<HWSTATS>", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create");
    expect(await ifconfigText(machine, "lagg0")).toBe([
      "lagg0: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1500",
      "\toptions=800000<HWSTATS>",
      "\tether 00:00:00:00:00:00",
      "\tlaggproto failover lagghash l2,l3,l4",
      "\tgroups: lagg",
      "\tmedia: Ethernet autoselect",
      "\tstatus: no carrier",
      "\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>",
      "",
    ].join("\n"));
  });
});

describe("IPv6 on ports", () => {
  test("joining a lagg wipes a port's IPv6 addresses (link-local present)", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 inet6 2001:db8:1::5/64", "ifconfig igb0 up");
    expect(machine.kernel.get("igb0").inet6.length).toBe(2);
    await runAll(machine, "ifconfig lagg0 create laggport igb0");
    expect(machine.kernel.get("igb0").inet6).toEqual([]);
    expect(machine.kernel.messages).toContain(
      "lagg0: IPv6 addresses on igb0 have been removed before adding it as a member to prevent IPv6 address scope violation.");
  });
});

describe("options", () => {
  test.each([
    ["failover", "", "\t\tflags=4<USE_NUMA>\n\t\tflowid_shift: 16\n\tlagg statistics:"],
    ["lacp", "", "\t\tflags=14<USE_NUMA,LACP_STRICT>\n\t\tflowid_shift: 16\n\tlagg statistics:"],
    ["roundrobin", "", "\t\tflags=4<USE_NUMA>\n\t\tflowid_shift: 16\n\t\trr_limit: 1\n"],
    ["loadbalance", "use_flowid flowid_shift 8", "\t\tflags=5<USE_FLOWID,USE_NUMA>\n\t\tflowid_shift: 8\n"],
    ["lacp", "-lacp_strict lacp_fast_timeout", "\t\tflags=84<USE_NUMA,LACP_FAST_TIMO>\n"],
    ["lacp", "lacp_txtest lacp_rxtest", "\t\tflags=74<USE_NUMA,LACP_STRICT,LACP_TXTEST,LACP_RXTEST>\n"],
    ["loadbalance", "-use_numa", "\t\tflags=0<>\n"],
    ["loadbalance", "use_flowid -use_flowid", "\t\tflags=0<>\n"],
    ["roundrobin", "rr_limit 500", "\t\trr_limit: 500\n"],
  ])("laggproto %s %s", async (proto, words, expected) => {
    const machine = freshMachine();
    await runAll(machine, `ifconfig lagg0 create laggproto ${proto} ${words}`);
    expect(await ifconfigText(machine, "lagg0", true)).toContain(expected);
  });

  test.each([
    ["l2", "lagghash l2\n"],
    ["l3,l4", "lagghash l3,l4\n"],
    ["l4,l2", "lagghash l2,l4\n"],
  ])("lagghash %s", async (hash, expected) => {
    const machine = freshMachine();
    await runAll(machine, `ifconfig lagg0 create lagghash ${hash}`);
    expect(await ifconfigText(machine, "lagg0")).toContain(`\tlaggproto failover ${expected}`);
  });

  test("setting laggproto again resets LACP options and the roundrobin stride", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggproto lacp lacp_fast_timeout -lacp_strict", "ifconfig lagg0 laggproto lacp");
    expect(await ifconfigText(machine, "lagg0", true)).toContain("\t\tflags=14<USE_NUMA,LACP_STRICT>\n");
    await runAll(machine, "ifconfig lagg0 laggproto roundrobin rr_limit 50", "ifconfig lagg0 laggproto roundrobin");
    expect(await ifconfigText(machine, "lagg0", true)).toContain("\t\trr_limit: 1\n");
  });

  test("laggproto default means failover", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggproto lacp", "ifconfig lagg0 laggproto default");
    expect(await ifconfigText(machine, "lagg0")).toContain("\tlaggproto failover lagghash");
  });
});
