// Facts 1-4 of real-host-facts.md as the simulated kernel and ifconfig show them (sources named in
// kernel/addresses.ts, kernel/lagg-ports.ts, kernel/iface-ops.ts and commands/ifconfig).
import { freshMachine, ifconfigText, run, runAll } from "./helpers";

const addressLines = async (machine: ReturnType<typeof freshMachine>, name: string): Promise<string[]> =>
  (await ifconfigText(machine, name)).split("\n").filter((l) => /^\tinet6? /.test(l) && !l.includes("fe80::"));

describe("fact 1: an address family keyword only counts directly after the interface name", () => {
  test("ifconfig_IF with `inet` after lagg words: boot prints `inet: bad value` and the lagg has no address", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc cloned_interfaces=lagg0 'ifconfig_lagg0=laggproto failover laggport igb0 mtu 9000 inet 198.51.100.7/24'", "reboot");
    expect(machine.bootLog).toContain("ifconfig: inet: bad value\n");
    expect(await addressLines(machine, "lagg0")).toEqual([]);
  });

  test("the bare address word in the same place works", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc cloned_interfaces=lagg0 'ifconfig_lagg0=laggproto failover laggport igb0 mtu 9000 198.51.100.7/24'", "reboot");
    expect(await addressLines(machine, "lagg0")).toEqual(["\tinet 198.51.100.7 netmask 0xffffff00 broadcast 198.51.100.255"]);
  });
});

describe("fact 2: IPv4 alias of an existing address replaces it", () => {
  test.each([
    ["same address, longer prefix", ["ifconfig igb0 inet 10.0.0.1/24 alias", "ifconfig igb0 inet 10.0.0.1/25 alias"], ["\tinet 10.0.0.1 netmask 0xffffff80 broadcast 10.0.0.127"]],
    ["the replaced address moves to the end", ["ifconfig igb0 inet 10.0.0.1/24 alias", "ifconfig igb0 inet 10.0.0.2/24 alias", "ifconfig igb0 inet 10.0.0.1/25 alias"],
      ["\tinet 10.0.0.2 netmask 0xffffff00 broadcast 10.0.0.255", "\tinet 10.0.0.1 netmask 0xffffff80 broadcast 10.0.0.127"]],
  ])("%s", async (_name, lines, expected) => {
    const machine = freshMachine();
    await runAll(machine, ...lines);
    expect(await addressLines(machine, "igb0")).toEqual(expected);
  });

  test("add /25 then remove the address: nothing is left (there was only ever one)", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 inet 10.0.0.1/24 alias", "ifconfig igb0 inet 10.0.0.1/25 alias", "ifconfig igb0 inet 10.0.0.1 -alias");
    expect(await addressLines(machine, "igb0")).toEqual([]);
  });
});

describe("fact 3: the prefix length of an existing IPv6 address cannot change", () => {
  test("ifconfig fails with SIOCAIFADDR EINVAL, exit 1, and the address keeps its prefix", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 inet6 2001:db8::10/64 alias");
    expect(await run(machine, "ifconfig igb0 inet6 2001:db8::10/80 alias")).toEqual({
      stdout: "", stderr: "ifconfig: ioctl (SIOCAIFADDR): Invalid argument\n", exitCode: 1,
    });
    expect(await addressLines(machine, "igb0")).toEqual(["\tinet6 2001:db8::10 prefixlen 64"]);
  });

  test("the same prefix length again is accepted; delete then add changes it", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 inet6 2001:db8::10/64 alias", "ifconfig igb0 inet6 2001:db8::10/64 alias",
      "ifconfig igb0 inet6 2001:db8::10 -alias", "ifconfig igb0 inet6 2001:db8::10/80 alias");
    expect(await addressLines(machine, "igb0")).toEqual(["\tinet6 2001:db8::10 prefixlen 80"]);
  });
});

describe("fact 4: MTU of lagg ports", () => {
  test("a member refuses its own MTU change (EINVAL)", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggproto failover laggport igb0 laggport igb1");
    const result = await run(machine, "ifconfig igb0 mtu 9000");
    expect(result).toMatchObject({ exitCode: 1, stderr: "ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n" });
  });

  test("ports keep the lagg's MTU after the lagg is destroyed", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggproto failover laggport igb0 laggport igb1", "ifconfig lagg0 mtu 9000", "ifconfig lagg0 destroy");
    expect(machine.kernel.get("igb0").mtu).toBe(9000);
    expect(machine.kernel.get("igb1").mtu).toBe(9000);
  });
});
