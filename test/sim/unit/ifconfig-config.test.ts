// Configuring with ifconfig: create/destroy/rename, addresses in every accepted form, flags,
// capabilities, description, several keywords on one line.
import { freshMachine, ifconfigText, run, runAll } from "./helpers";

const inetLines = async (machine: ReturnType<typeof freshMachine>, name: string) =>
  (await ifconfigText(machine, name)).split("\n").filter((l) => /^\tinet6? /.test(l));

describe("create, destroy, rename", () => {
  test("`ifconfig lagg create` prints the new name and picks the first free unit", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg2 create");
    expect(await run(machine, "ifconfig lagg create")).toEqual({ stdout: "lagg1\n", stderr: "", exitCode: 0 });
    expect(await run(machine, "ifconfig lagg create up")).toEqual({ stdout: "lagg3\n", stderr: "", exitCode: 0 });
    expect(machine.kernel.get("lagg3").flags & 1).toBe(1);
  });

  test("`ifconfig lagg0 create` prints nothing; create with parameters configures the new lagg", async () => {
    const machine = freshMachine();
    expect(await run(machine, "ifconfig lagg0 create laggtype ethernet laggproto lacp laggport igb0"))
      .toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(machine.kernel.get("lagg0").lagg!.proto).toBe("lacp");
  });

  test("`create` on an existing lagg with more words just configures it", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg0 create laggproto roundrobin");
    expect(machine.kernel.get("lagg0").lagg!.proto).toBe("roundrobin");
  });

  test("destroy removes the lagg; the name can be created again", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg0 destroy");
    expect((await run(machine, "ifconfig lagg0")).stderr).toBe("ifconfig: interface lagg0 does not exist\n");
    await runAll(machine, "ifconfig lagg0 create");
  });

  test("name renames, prints the new name, and later words apply to it", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create");
    expect(await run(machine, "ifconfig lagg0 name uplink0 laggproto lacp")).toEqual({ stdout: "uplink0\n", stderr: "", exitCode: 0 });
    expect((await ifconfigText(machine, "uplink0")).split("\n")[0]).toMatch(/^uplink0: flags=/);
    expect(await ifconfigText(machine, "uplink0")).toContain("\tlaggproto lacp");
    expect(await ifconfigText(machine, "uplink0")).toContain("\tgroups: lagg\n");
  });
});

describe("addresses", () => {
  test.each([
    ["192.0.2.10/24", "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255"],
    ["inet 192.0.2.10/24", "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255"],
    ["inet 192.0.2.10 netmask 0xffffff00", "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255"],
    ["inet 192.0.2.10 netmask 255.255.255.128", "\tinet 192.0.2.10 netmask 0xffffff80 broadcast 192.0.2.127"],
    ["192.0.2.10/32", "\tinet 192.0.2.10 netmask 0xffffffff broadcast 192.0.2.10"],
    ["inet 10.1.2.3/8 broadcast 10.255.255.254", "\tinet 10.1.2.3 netmask 0xff000000 broadcast 10.255.255.254"],
  ])("ifconfig lagg0 %s", async (words, line) => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", `ifconfig lagg0 ${words}`);
    expect(await inetLines(machine, "lagg0")).toEqual([line]);
  });

  test("an address without a mask warns and takes the classful mask", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create");
    const result = await run(machine, "ifconfig lagg0 10.0.0.1");
    expect(result.stderr).toBe("ifconfig: WARNING: setting interface address without mask is deprecated,\ndefault mask may not be correct.\n");
    expect(result.exitCode).toBe(0);
    expect(await inetLines(machine, "lagg0")).toEqual(["\tinet 10.0.0.1 netmask 0xff000000 broadcast 10.255.255.255"]);
  });

  test("a plain address replaces the first IPv4 address; alias adds; -alias removes", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg0 inet 192.0.2.10/24",
      "ifconfig lagg0 inet 192.0.2.11/32 alias", "ifconfig lagg0 alias 192.0.2.12/32", "ifconfig lagg0 192.0.2.20/24");
    expect(await inetLines(machine, "lagg0")).toEqual([
      "\tinet 192.0.2.11 netmask 0xffffffff broadcast 192.0.2.11",
      "\tinet 192.0.2.12 netmask 0xffffffff broadcast 192.0.2.12",
      "\tinet 192.0.2.20 netmask 0xffffff00 broadcast 192.0.2.255",
    ]);
    await runAll(machine, "ifconfig lagg0 inet 192.0.2.11 -alias", "ifconfig lagg0 -alias 192.0.2.12", "ifconfig lagg0 192.0.2.20 delete");
    expect(await inetLines(machine, "lagg0")).toEqual([]);
  });

  test("an address brings the interface up (without a link-local address)", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg0 192.0.2.10/24");
    expect(machine.kernel.get("lagg0").flags & 1).toBe(1);
    expect(machine.kernel.get("lagg0").inet6).toEqual([]);
  });

  test.each([
    ["inet6 2001:db8::10/64", "\tinet6 2001:db8::10 prefixlen 64"],
    ["inet6 2001:db8::10 prefixlen 56", "\tinet6 2001:db8::10 prefixlen 56"],
    ["inet6 2001:db8::10", "\tinet6 2001:db8::10 prefixlen 64"],
    ["inet6 2001:DB8:0:0:0:0:0:10/64 alias", "\tinet6 2001:db8::10 prefixlen 64"],
    ["inet6 2001:db8:0:1:0:0:0:1/64", "\tinet6 2001:db8:0:1::1 prefixlen 64"],
    ["inet6 fd00:0:0:1::/64 anycast", "\tinet6 fd00:0:0:1:: prefixlen 64 anycast"],
  ])("ifconfig lagg0 %s (RFC 5952 text, link-local once up)", async (words, line) => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport igb0", `ifconfig lagg0 ${words}`);
    const lines = await inetLines(machine, "lagg0");
    expect(lines[0]).toBe(line);
    expect(lines[1]).toMatch(/^\tinet6 fe80::[0-9a-f:]+%lagg0 prefixlen 64 scopeid 0x[0-9a-f]+$/);
  });

  test("IPv4 lines come before IPv6 lines whatever the order they were added in", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg0 inet6 2001:db8::1/64", "ifconfig lagg0 inet 192.0.2.1/24");
    expect((await inetLines(machine, "lagg0")).map((l) => l.split(" ")[0])).toEqual(["\tinet", "\tinet6", "\tinet6"]);
  });

  test("inet6 -alias removes an IPv6 address", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", "ifconfig lagg0 inet6 2001:db8::1/64", "ifconfig lagg0 inet6 2001:db8::1 -alias");
    expect((await inetLines(machine, "lagg0")).filter((l) => l.includes("2001"))).toEqual([]);
  });

  test("ether sets the link-level address; a lagg pushes it to its ports", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport igb0 laggport igb1", "ifconfig lagg0 ether 02:00:00:00:00:99");
    expect(await ifconfigText(machine, "igb1")).toContain("\tether 02:00:00:00:00:99\n");
  });
});

describe("flags, description, capabilities", () => {
  test.each([
    ["description 'core uplink'", "\tdescription: core uplink\n"],
    ["descr core", "\tdescription: core\n"],
  ])("ifconfig lagg0 %s", async (words, line) => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create", `ifconfig lagg0 ${words}`);
    expect(await ifconfigText(machine, "lagg0")).toContain(line);
    for (const unset of ["-description", "-descr", "description ''"]) {
      await runAll(machine, `ifconfig lagg0 ${unset}`, `ifconfig lagg0 ${words}`);
    }
    await runAll(machine, "ifconfig lagg0 -description");
    expect(await ifconfigText(machine, "lagg0")).not.toContain("description");
  });

  test("up and down, promisc, metric", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig em1 up promisc metric 5");
    expect((await ifconfigText(machine, "em1")).split("\n")[0])
      .toBe("em1: flags=1028943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST,PPROMISC,LOWER_UP> metric 5 mtu 1500");
    await runAll(machine, "ifconfig em1 down -promisc");
    expect((await ifconfigText(machine, "em1")).split("\n")[0]).toBe("em1: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 5 mtu 1500");
  });

  test.each([
    ["-rxcsum", "4e504bb", "4c504ba"],
    ["-txcsum -txcsum6", "4e504bb", "4a504b9"],
    ["-lro -vlanhwtso", "4e504bb", "4e100bb"],
    ["tso4", "4e504bb", "4e505bb"],
    ["-vlanmtu -vlanhwtag -vlanhwcsum -vlanhwfilter", "4e504bb", "4e40423"],
  ])("ifconfig em1 %s (iflib: RX checksums flip together)", async (words, before, after) => {
    const machine = freshMachine();
    expect(await ifconfigText(machine, "em1")).toContain(`\toptions=${before}<`);
    await runAll(machine, `ifconfig em1 ${words}`);
    expect(await ifconfigText(machine, "em1")).toContain(`\toptions=${after}<`);
  });

  test("a capability the hardware lacks is silently ignored", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig em1 toe");
    expect(await ifconfigText(machine, "em1")).toContain("\toptions=4e504bb<");
  });

  test("several keywords on one line apply left to right", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggproto roundrobin rr_limit 10 laggproto roundrobin");
    expect(await ifconfigText(machine, "lagg0", true)).toContain("\t\trr_limit: 1\n");
    await runAll(machine, "ifconfig lagg0 mtu 9000 mtu 1500 description a description b");
    expect(machine.kernel.get("lagg0").mtu).toBe(1500);
    expect(machine.kernel.get("lagg0").description).toBe("b");
  });

  test("group and -group", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create group uplink", "ifconfig lagg0 group uplink");
    expect(await ifconfigText(machine, "lagg0")).toContain("\tgroups: lagg uplink\n");
    await runAll(machine, "ifconfig lagg0 -group uplink", "ifconfig lagg0 -group uplink");
    expect(await ifconfigText(machine, "lagg0")).toContain("\tgroups: lagg\n");
  });

  test("-ifdisabled on an up interface attaches the link-local address; ifdisabled marks addresses tentative", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig em1 up", "ifconfig em1 inet6 -ifdisabled");
    const text = await ifconfigText(machine, "em1");
    expect(text).toMatch(/\tinet6 fe80::[0-9a-f:]+%em1 prefixlen 64 scopeid 0x2\n/);
    expect(text).toContain("\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n");
    await runAll(machine, "ifconfig em1 inet6 ifdisabled");
    expect(await ifconfigText(machine, "em1")).toMatch(/prefixlen 64 tentative scopeid 0x2\n/);
  });
});
