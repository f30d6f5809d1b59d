// Every ifconfig failure the provider can meet: exact stderr and exit status, after a given setup.
import { freshMachine, run, runAll } from "./helpers";

const LAGG = ["ifconfig lagg0 create", "ifconfig lagg0 laggproto failover laggport igb0"];

interface ErrorCase {
  setup: string[];
  line: string;
  stderr: string;
  exitCode: number;
}

const CASES: [string, ErrorCase][] = [
  ["missing interface", { setup: [], line: "ifconfig lagg9", stderr: "ifconfig: interface lagg9 does not exist\n", exitCode: 1 }],
  ["configuring a missing interface", { setup: [], line: "ifconfig lagg9 up", stderr: "ifconfig: interface lagg9 does not exist\n", exitCode: 1 }],
  ["create on existing", { setup: LAGG, line: "ifconfig lagg0 create", stderr: "ifconfig: interface lagg0 already exists\n", exitCode: 1 }],
  ["create of an unknown cloner", { setup: [], line: "ifconfig foo0 create", stderr: "ifconfig: SIOCIFCREATE2 (foo0): Invalid argument\n", exitCode: 1 }],
  ["create with a name too long", { setup: [], line: "ifconfig lagg12345678901234 create", stderr: "ifconfig: lagg12345678901234: cloning name too long\n", exitCode: 1 }],
  ["create of a unit held by a renamed lagg", { setup: [...LAGG, "ifconfig lagg0 name uplink0"], line: "ifconfig lagg0 create", stderr: "ifconfig: interface lagg0 already exists\n", exitCode: 1 }],
  ["destroy of a NIC", { setup: [], line: "ifconfig em0 destroy", stderr: "ifconfig: SIOCIFDESTROY: Invalid argument\n", exitCode: 1 }],
  ["port in another lagg", { setup: [...LAGG, "ifconfig lagg1 create"], line: "ifconfig lagg1 laggport igb0", stderr: "ifconfig: lagg1 igb0: SIOCSLAGGPORT: Device busy\n", exitCode: 1 }],
  ["nonexistent port", { setup: LAGG, line: "ifconfig lagg0 laggport igb9", stderr: "ifconfig: lagg0 igb9: SIOCSLAGGPORT: Invalid argument\n", exitCode: 1 }],
  ["lo0 as a port", { setup: LAGG, line: "ifconfig lagg0 laggport lo0", stderr: "ifconfig: lagg0 lo0: SIOCSLAGGPORT: Protocol not supported\n", exitCode: 1 }],
  ["a lagg as its own port", { setup: LAGG, line: "ifconfig lagg0 laggport lagg0", stderr: "ifconfig: lagg0 lagg0: SIOCSLAGGPORT: Invalid argument\n", exitCode: 1 }],
  ["stacking laggs", { setup: [...LAGG, "ifconfig lagg1 create"], line: "ifconfig lagg0 laggport lagg1", stderr: "ifconfig: lagg0 lagg1: SIOCSLAGGPORT: Invalid argument\n", exitCode: 1 }],
  ["laggport on a NIC", { setup: [], line: "ifconfig em0 laggport igb0", stderr: "ifconfig: em0 igb0: SIOCSLAGGPORT: Invalid argument\n", exitCode: 1 }],
  ["-laggport of a non-member", { setup: LAGG, line: "ifconfig lagg0 -laggport igb1", stderr: "ifconfig: SIOCSLAGGDELPORT: No such file or directory\n", exitCode: 1 }],
  ["-laggport of a nonexistent interface", { setup: LAGG, line: "ifconfig lagg0 -laggport igb9", stderr: "ifconfig: SIOCSLAGGDELPORT: Invalid argument\n", exitCode: 1 }],
  ["removed protocol fec", { setup: LAGG, line: "ifconfig lagg0 laggproto fec", stderr: "ifconfig: Invalid aggregation protocol: fec\n", exitCode: 1 }],
  ["laggproto on a NIC", { setup: [], line: "ifconfig em0 laggproto lacp", stderr: "ifconfig: SIOCSLAGG: Invalid argument\n", exitCode: 1 }],
  ["lacp_fast_timeout on failover", { setup: LAGG, line: "ifconfig lagg0 lacp_fast_timeout", stderr: "ifconfig: SIOCSLAGGOPTS: Invalid argument\n", exitCode: 1 }],
  ["-lacp_strict on failover", { setup: LAGG, line: "ifconfig lagg0 -lacp_strict", stderr: "ifconfig: SIOCSLAGGOPTS: Invalid argument\n", exitCode: 1 }],
  ["rr_limit on failover", { setup: LAGG, line: "ifconfig lagg0 rr_limit 100", stderr: "ifconfig: SIOCSLAGGOPTS: Invalid argument\n", exitCode: 1 }],
  ["rr_limit 0", { setup: [...LAGG, "ifconfig lagg0 laggproto roundrobin"], line: "ifconfig lagg0 rr_limit 0", stderr: "ifconfig: Invalid round-robin stride: 0\n", exitCode: 1 }],
  ["rr_limit not a number", { setup: [...LAGG, "ifconfig lagg0 laggproto roundrobin"], line: "ifconfig lagg0 rr_limit many", stderr: "ifconfig: Invalid round-robin stride: many\n", exitCode: 1 }],
  ["flowid_shift out of range", { setup: LAGG, line: "ifconfig lagg0 flowid_shift 32", stderr: "ifconfig: Invalid flowid_shift option: 32\n", exitCode: 1 }],
  ["unknown lagghash layer", { setup: LAGG, line: "ifconfig lagg0 lagghash l2,l5", stderr: "ifconfig: Invalid lagghash option: l5\n", exitCode: 1 }],
  ["empty lagghash item", { setup: LAGG, line: "ifconfig lagg0 lagghash l2,", stderr: "ifconfig: Invalid lagghash option: \n", exitCode: 1 }],
  ["MTU on a lagg port", { setup: LAGG, line: "ifconfig igb0 mtu 9000", stderr: "ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n", exitCode: 1 }],
  ["lagg MTU above a port's maximum", { setup: LAGG, line: "ifconfig lagg0 mtu 9600", stderr: "ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n", exitCode: 1 }],
  ["MTU below the minimum", { setup: [], line: "ifconfig em1 mtu 60", stderr: "ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n", exitCode: 1 }],
  ["keyword without its argument", { setup: LAGG, line: "ifconfig lagg0 laggport", stderr: "ifconfig: 'laggport' requires argument\n", exitCode: 1 }],
  ["mask width too large", { setup: LAGG, line: "ifconfig lagg0 10.0.0.1/33", stderr: "ifconfig: 10.0.0.1/33: bad value (width too large)\n", exitCode: 1 }],
  ["mask width not a number", { setup: LAGG, line: "ifconfig lagg0 10.0.0.1/x", stderr: "ifconfig: 10.0.0.1/x: bad value (width invalid)\n", exitCode: 1 }],
  ["an address family keyword after other words is taken as an address", { setup: LAGG, line: "ifconfig lagg0 up inet 10.0.0.1/24", stderr: "ifconfig: inet: bad value\n", exitCode: 1 }],
  ["an unknown word is an address", { setup: LAGG, line: "ifconfig lagg0 laggprot lacp", stderr: "ifconfig: laggprot: bad value\n", exitCode: 1 }],
  ["bad IPv6 address", { setup: LAGG, line: "ifconfig lagg0 inet6 2001:db8::zz/64", stderr: "ifconfig: 2001:db8::zz: bad value\n", exitCode: 1 }],
  ["bad IPv6 prefix", { setup: LAGG, line: "ifconfig lagg0 inet6 2001:db8::1/129", stderr: "ifconfig: 129: bad value\n", exitCode: 1 }],
  ["-alias of an absent IPv4 address", { setup: LAGG, line: "ifconfig lagg0 inet 10.0.0.1 -alias", stderr: "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n", exitCode: 1 }],
  ["an IPv6 address another interface holds (in6_notify_ifa: the loopback route exists)", { setup: [...LAGG, "ifconfig em0 inet6 2001:db8::7/64"], line: "ifconfig lagg0 inet6 2001:db8::7/64", stderr: "ifconfig: ioctl (SIOCAIFADDR): File exists\n", exitCode: 1 }],
  ["-alias of an absent IPv6 address", { setup: LAGG, line: "ifconfig lagg0 inet6 2001:db8::1 -alias", stderr: "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n", exitCode: 1 }],
  ["rename onto an existing name", { setup: LAGG, line: "ifconfig lagg0 name em0", stderr: "ifconfig: ioctl SIOCSIFNAME (set name): File exists\n", exitCode: 1 }],
  ["group name ending in a digit", { setup: LAGG, line: "ifconfig lagg0 group uplink1", stderr: "ifconfig: setifgroup: group names may not end in a digit\n", exitCode: 1 }],
  ["invalid laggtype", { setup: [], line: "ifconfig lagg3 create laggtype token", stderr: "ifconfig: invalid lagg type: token\n", exitCode: 1 }],
  ["unknown address family for -a", { setup: [], line: "ifconfig -a ipx", stderr: "ifconfig: Address family 'ipx' unknown.\n", exitCode: 1 }],
];

describe("ifconfig errors", () => {
  test.each(CASES)("%s", async (_name, c) => {
    const machine = freshMachine();
    await runAll(machine, ...c.setup);
    const result = await run(machine, c.line);
    if (c.exitCode === 1 && c.line.startsWith("ifconfig -a")) {
      expect(result.stderr.startsWith(c.stderr)).toBe(true);
      expect(result.stderr).toContain("usage: ifconfig");
    } else {
      expect(result.stderr).toBe(c.stderr);
    }
    expect(result.exitCode).toBe(c.exitCode);
  });

  test("an IPv4 address another interface holds is accepted on a second one, as in.c does (no error, both list it)", async () => {
    const machine = freshMachine();
    await runAll(machine, ...LAGG, "ifconfig em0 inet 192.0.2.50/24");
    expect(await run(machine, "ifconfig lagg0 inet 192.0.2.50/24")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(machine.kernel.get("em0").inet).toHaveLength(1);
    expect(machine.kernel.get("lagg0").inet).toHaveLength(1);
  });

  test("an IPv6 address refused with EEXIST is not left on the interface; link-local addresses never clash", async () => {
    const machine = freshMachine();
    await runAll(machine, ...LAGG, "ifconfig em0 inet6 2001:db8::7/64", "ifconfig em0 inet6 fe80::7%em0/64");
    await run(machine, "ifconfig lagg0 inet6 2001:db8::7/64");
    expect(machine.kernel.get("lagg0").inet6.filter((a) => a.words[0] === 0x2001)).toEqual([]);
    expect((await run(machine, "ifconfig lagg0 inet6 fe80::7%lagg0/64")).exitCode).toBe(0);
  });

  test("an unknown option prints BSD getopt's message and the usage", async () => {
    const result = await run(freshMachine(), "ifconfig -x");
    expect(result.stderr.split("\n").slice(0, 2)).toEqual([
      "ifconfig: illegal option -- x",
      "usage: ifconfig [-j jail] [-f type:format] [-L] [-g groupname] interface address_family",
    ]);
    expect(result.exitCode).toBe(1);
  });

  test("a failed laggport warns and the rest of the line is still applied (exit 1)", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg1 create laggport igb1", "ifconfig lagg0 create");
    const result = await run(machine, "ifconfig lagg0 laggproto lacp laggport igb0 laggport igb1 laggport igb2 10.0.0.5/24 up");
    expect(result).toEqual({ stdout: "", stderr: "ifconfig: lagg0 igb1: SIOCSLAGGPORT: Device busy\n", exitCode: 1 });
    const lagg = machine.kernel.get("lagg0");
    expect(lagg.lagg!.ports.map((p) => p.name)).toEqual(["igb0", "igb2"]);
    expect(lagg.lagg!.proto).toBe("lacp");
    expect(lagg.inet).toHaveLength(1);
    expect(lagg.flags & 1).toBe(1);
  });

  test("err() stops processing: words after a failing -laggport are not applied", async () => {
    const machine = freshMachine();
    await runAll(machine, ...LAGG);
    const result = await run(machine, "ifconfig lagg0 -laggport igb1 laggproto lacp");
    expect(result.exitCode).toBe(1);
    expect(machine.kernel.get("lagg0").lagg!.proto).toBe("failover");
  });

  test("re-adding an existing member is silent (EEXIST ignored)", async () => {
    const machine = freshMachine();
    await runAll(machine, ...LAGG);
    expect(await run(machine, "ifconfig lagg0 laggport igb0")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  test.each([
    ["EBUSY", "Device busy"],
    ["ENXIO", "Device not configured"],
    ["EINVAL", "Invalid argument"],
  ])("an injected %s join failure is reported like a kernel one", async (errno, text) => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create");
    machine.faults.failPortJoin("igb1", errno, { times: 1 });
    const result = await run(machine, "ifconfig lagg0 laggport igb0 laggport igb1 up");
    expect(result).toEqual({ stdout: "", stderr: `ifconfig: lagg0 igb1: SIOCSLAGGPORT: ${text}\n`, exitCode: 1 });
    expect(await run(machine, "ifconfig lagg0 laggport igb1")).toMatchObject({ exitCode: 0 });
  });

  test("a join to a full lagg (32 ports) fails with ENOSPC", async () => {
    const nics = Array.from({ length: 34 }, (_, i) => `em${i}`);
    const machine = freshMachine({ interfaces: nics, management: { interface: "em33", address: "192.0.2.2/24" } });
    const ports = nics.slice(0, 33).map((n) => `laggport ${n}`).join(" ");
    const result = await run(machine, `ifconfig lagg0 create ${ports}`);
    expect(result.stderr).toBe("ifconfig: lagg0 em32: SIOCSLAGGPORT: No space left on device\n");
    expect(machine.kernel.get("lagg0").lagg!.ports).toHaveLength(32);
  });
});
