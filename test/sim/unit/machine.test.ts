// The SimMachine contract: records, change events, reachability, faults, the small commands.
import { createSimMachine } from "../machine";
import type { ChangeRecord } from "../machine-api";
import { freshMachine, run, runAll } from "./helpers";

describe("records and events", () => {
  test("every run() is recorded with argv, stdin, output, exit code and session", async () => {
    const machine = freshMachine();
    await machine.run("ifconfig", ["lagg9"], { stdin: "x", env: {}, sessionId: "s1" });
    expect(machine.records.commands).toEqual([{
      command: "ifconfig", argv: ["lagg9"], stdin: "x", stdout: "", stderr: "ifconfig: interface lagg9 does not exist\n",
      exitCode: 1, sessionId: "s1", at: expect.any(Number),
    }]);
  });

  test("state changes are recorded and emitted, rc.conf edits included", async () => {
    const machine = freshMachine();
    const seen: ChangeRecord[] = [];
    machine.on("change", (c: ChangeRecord) => seen.push(c));
    await runAll(machine, "ifconfig lagg0 create laggport igb0 mtu 9000", "sysrc ifconfig_lagg0=up");
    expect(machine.records.changes.map((c) => [c.interface, c.what])).toEqual([
      ["lagg0", "create"], ["lagg0", "laggport+ igb0"], ["lagg0", "mtu 9000"], ["", "rc.conf ifconfig_lagg0"],
    ]);
    expect(seen).toEqual(machine.records.changes);
  });

  test("a failed command changes nothing and records nothing but the command", async () => {
    const machine = freshMachine();
    await run(machine, "ifconfig lagg0 laggproto lacp");
    expect(machine.records.changes).toEqual([]);
    expect(machine.records.commands).toHaveLength(1);
  });

  test("commandNames: the FreeBSD set, plus midclt on TrueNAS (see truenas.test.ts)", async () => {
    expect([...freshMachine().commandNames].sort()).toEqual(["dhclient", "hostname", "ifconfig", "reboot", "service", "sysrc", "uname"]);
    const nas = createSimMachine({ truenas: true });
    expect(nas.commandNames).toContain("midclt");
    expect(await run(nas, "midclt call interface.has_pending_changes")).toEqual({ stdout: "False\n", stderr: "", exitCode: 0 });
  });

  test("an unknown command answers like a missing program", async () => {
    expect(await run(freshMachine(), "lockf -k /tmp/x true")).toEqual({ stdout: "", stderr: "lockf: not found\n", exitCode: 127 });
  });
});

describe("reachability", () => {
  test("the management address is reachable until its interface goes down or loses carrier", async () => {
    const machine = createSimMachine();
    expect(machine.managementAddress).toBe("192.0.2.2");
    expect(machine.isAddressReachable("192.0.2.2")).toBe(true);
    machine.setLink("em0", false);
    expect(machine.isAddressReachable("192.0.2.2")).toBe(false);
    machine.setLink("em0", true);
    await runAll(machine, "ifconfig em0 down");
    expect(machine.isAddressReachable("192.0.2.2")).toBe(false);
  });

  test("an address on a lagg port is not reachable (the lagg takes the port's input)", async () => {
    const machine = createSimMachine();
    await runAll(machine, "ifconfig lagg0 create laggport em0 laggport em1 up");
    expect(machine.isAddressReachable("192.0.2.2")).toBe(false);
  });

  test.each([
    ["failover", true],
    ["lacp", true],
    ["none", false],
  ])("a lagg address (%s) is reachable when the lagg is up with an ACTIVE port: %p", async (proto, reachable) => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 up", `ifconfig lagg0 create laggproto ${proto} laggport igb0 up`,
      "ifconfig lagg0 inet6 2001:db8::5/64");
    expect(machine.isAddressReachable("2001:db8:0::5")).toBe(reachable);
    machine.setLacpPartner("igb0", false);
    machine.setLink("igb0", proto !== "failover");
    expect(machine.isAddressReachable("2001:db8::5")).toBe(false);
  });
});

describe("faults", () => {
  test("failCommand replaces a command's result, `times` limits it, clear removes it", async () => {
    const machine = freshMachine();
    machine.faults.failCommand("sysrc", { stderr: "sysrc: disk full\n", exitCode: 1, times: 1 });
    expect(await run(machine, "sysrc hostname=x")).toEqual({ stdout: "", stderr: "sysrc: disk full\n", exitCode: 1 });
    expect(await run(machine, "sysrc -n hostname")).toMatchObject({ exitCode: 0 });
    machine.faults.failCommand("uname", { stderr: "boom\n", exitCode: 2 });
    expect((await run(machine, "uname")).exitCode).toBe(2);
    expect((await run(machine, "uname")).exitCode).toBe(2);
    machine.faults.clear();
    expect(await run(machine, "uname")).toEqual({ stdout: "FreeBSD\n", stderr: "", exitCode: 0 });
    expect(machine.records.changes).toEqual([]);
  });

  test("failPortJoin fails every join until cleared; unknown errno names are refused", async () => {
    const machine = freshMachine();
    machine.faults.failPortJoin("igb0", "ENXIO");
    await runAll(machine, "ifconfig lagg0 create");
    for (let i = 0; i < 2; i++) {
      expect((await run(machine, "ifconfig lagg0 laggport igb0")).stderr).toBe("ifconfig: lagg0 igb0: SIOCSLAGGPORT: Device not configured\n");
    }
    machine.faults.clearPortJoin("igb0");
    expect((await run(machine, "ifconfig lagg0 laggport igb0")).exitCode).toBe(0);
    expect(() => machine.faults.failPortJoin("igb0", "EWHATEVER")).toThrow("unknown errno name EWHATEVER");
  });
});

describe("uname, hostname, dhclient", () => {
  test.each([
    ["uname", "FreeBSD\n"],
    ["uname -s", "FreeBSD\n"],
    ["uname -r", "13.3-RELEASE-p1\n"],
    ["uname -m", "amd64\n"],
    ["uname -n", "nas1.example.net\n"],
    ["uname -sr", "FreeBSD 13.3-RELEASE-p1\n"],
    ["uname -K", "1303000\n"],
    ["uname -a", "FreeBSD nas1.example.net 13.3-RELEASE-p1 FreeBSD 13.3-RELEASE-p1 releng/13.3-n0-0000000000 GENERIC amd64\n"],
    ["hostname", "nas1.example.net\n"],
    ["hostname -s", "nas1\n"],
    ["hostname -d", "example.net\n"],
  ])("%s", async (line, stdout) => {
    const machine = createSimMachine({ hostname: "nas1.example.net", osRelease: "13.3-RELEASE-p1" });
    expect(await run(machine, line)).toEqual({ stdout, stderr: "", exitCode: 0 });
  });

  test("uname with an unknown option prints its usage", async () => {
    expect(await run(freshMachine(), "uname -z")).toEqual({ stdout: "", stderr: "uname: illegal option -- z\nusage: uname [-abiKmnoprsUv]\n", exitCode: 1 });
  });

  test("hostname NAME sets the running name (not rc.conf)", async () => {
    const machine = createSimMachine({ hostname: "a" });
    await runAll(machine, "hostname b");
    expect((await run(machine, "hostname")).stdout).toBe("b\n");
    expect(machine.rcConf.get("hostname")).toBe("a");
  });

  test("dhclient leases an address from the fake server; a second one for the same interface refuses", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb3 up");
    const result = await run(machine, "dhclient igb3");
    expect(result).toEqual({
      stdout: "",
      stderr: "DHCPREQUEST on igb3 to 255.255.255.255 port 67\nDHCPACK from 198.51.100.1\nbound to 198.51.100.10 -- renewal in 43200 seconds.\n",
      exitCode: 0,
    });
    const pid = machine.dhcp.find("igb3")?.pid;
    expect(await run(machine, "dhclient igb3")).toMatchObject({ stderr: `dhclient already running, pid: ${pid}.\nexiting.\n`, exitCode: 1 });
    expect(machine.kernel.get("igb3").inet).toHaveLength(1);
    expect(machine.isAddressReachable("198.51.100.10")).toBe(true);
    await runAll(machine, "sysrc ifconfig_igb2=DHCP", "reboot");
    expect(machine.kernel.get("igb2").inet).toHaveLength(1);
  });
});
