// dhclient(8) on the simulated host: pidfile, no-link give-up, PREINIT's 0.0.0.0/8, lease MTU, the daemon
// a session can kill (sbin/dhclient/dhclient.c, dhclient-script; commands/dhclient.ts).
import { dhclientPidfile, MemoryHostFiles } from "../commands/dhcp-clients";
import { freshMachine, ifconfigText, run, runAll } from "./helpers";

const inet = async (machine: ReturnType<typeof freshMachine>, name: string) =>
  [...(await ifconfigText(machine, name)).matchAll(/\tinet (\S+) netmask (\S+)/g)].map((m) => `${m[1]} ${m[2]}`);

describe("without link", () => {
  test("prints no link, a dot a second, gives up and exits 1; no address, the pidfile stays", async () => {
    const machine = freshMachine({ dhcp: { noLinkGiveUpMs: 110 }, interfaces: [{ name: "igb0", link: false }, "ix1"] });
    await runAll(machine, "ifconfig igb0 up");
    const result = await run(machine, "dhclient igb0");
    expect(result).toEqual({ stdout: "", stderr: "igb0: no link .............. giving up\n", exitCode: 1 });
    expect(await inet(machine, "igb0")).toEqual([]);
    expect(machine.dhcp.list()).toEqual([]);
    expect(machine.dhcp.files.read(dhclientPidfile("igb0"))).toMatch(/^\d+\n$/);
  });

  test("link that arrives while it waits: got link, then a lease", async () => {
    const machine = freshMachine({ linkDelayMs: 150, dhcp: { noLinkGiveUpMs: 11_000 } });
    await runAll(machine, "ifconfig igb0 up");
    const result = await run(machine, "dhclient igb0");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^igb0: no link \.\.\.\.* got link\n/);
    expect(await inet(machine, "igb0")).toEqual(["198.51.100.10 0xffffff00"]);
  });

  test("a lagg counts as linked when any port is active, even with no LACP partner (SIOCGIFMEDIA)", async () => {
    const machine = freshMachine({ dhcp: { noOfferGiveUpMs: 50 }, interfaces: [{ name: "igb0", lacpPartner: false }, "ix1"] });
    await runAll(machine, "ifconfig igb0 up", "ifconfig lagg0 create laggproto lacp laggport igb0 up");
    const result = await run(machine, "dhclient lagg0");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("No DHCPOFFERS received.\nNo working leases in persistent database - sleeping.\n");
    expect(await inet(machine, "lagg0")).toEqual(["0.0.0.0 0xff000000"]);
    expect(machine.dhcp.find("lagg0")).toBeDefined();
  });
});

describe("with link", () => {
  test("no server: PREINIT's 0.0.0.0/8 alias stays and dhclient sleeps in the background", async () => {
    const machine = freshMachine({ dhcp: { server: false, noOfferGiveUpMs: 50 } });
    await runAll(machine, "ifconfig igb0 up");
    const result = await run(machine, "dhclient igb0");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^DHCPDISCOVER on igb0 to 255.255.255.255 port 67 interval 3\n/);
    expect(await inet(machine, "igb0")).toEqual(["0.0.0.0 0xff000000"]);
    expect(machine.dhcp.find("igb0")?.pidfile).toBe("/var/run/dhclient/dhclient.igb0.pid");
  });

  test("a lease replaces the 0.0.0.0 alias and applies the lease's MTU (option 26)", async () => {
    const machine = freshMachine({ dhcp: { leaseMtu: 9000 } });
    await runAll(machine, "ifconfig igb0 up", "dhclient igb0");
    expect(await inet(machine, "igb0")).toEqual(["198.51.100.10 0xffffff00"]);
    expect(machine.kernel.get("igb0").mtu).toBe(9000);
  });

  test("a lease MTU the driver refuses only warns", async () => {
    const machine = freshMachine({ dhcp: { leaseMtu: 9000 }, interfaces: [{ name: "igb0", maxMtu: 1500 }, "ix1"] });
    await runAll(machine, "ifconfig igb0 up");
    const result = await run(machine, "dhclient igb0");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("SIOCSIFMTU failed (9000): Invalid argument\n");
    expect(machine.kernel.get("igb0").mtu).toBe(1500);
  });

  test("-b returns at once; the lease arrives in the background", async () => {
    const machine = freshMachine({ lacpDelayMs: 100, dhcp: { noOfferGiveUpMs: 5000 } });
    await runAll(machine, "ifconfig igb0 up", "ifconfig lagg0 create laggproto lacp laggport igb0 up");
    expect((await run(machine, "dhclient -b lagg0")).exitCode).toBe(0);
    expect(await inet(machine, "lagg0")).toEqual(["0.0.0.0 0xff000000"]);
    for (let i = 0; i < 100 && (await inet(machine, "lagg0"))[0]?.startsWith("0.0.0.0"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await inet(machine, "lagg0")).toEqual(["198.51.100.10 0xffffff00"]);
  });
});

describe("the daemon", () => {
  test("runs on with a pid in its pidfile; killing it keeps the address", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 up", "dhclient igb0");
    const client = machine.dhcp.find("igb0")!;
    expect(machine.dhcp.files.read("/var/run/dhclient/dhclient.igb0.pid")).toBe(`${client.pid}\n`);
    client.process.kill();
    expect(machine.dhcp.list()).toEqual([]);
    expect(await inet(machine, "igb0")).toEqual(["198.51.100.10 0xffffff00"]);
    expect((await run(machine, "dhclient igb0")).exitCode).toBe(0);
  });

  test("exits and removes its pidfile when its interface is destroyed", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 up", "ifconfig lagg0 create laggport igb0 up", "dhclient lagg0");
    expect(machine.dhcp.find("lagg0")).toBeDefined();
    await runAll(machine, "ifconfig lagg0 destroy");
    expect(machine.dhcp.list()).toEqual([]);
    expect(machine.dhcp.files.exists("/var/run/dhclient/dhclient.lagg0.pid")).toBe(false);
  });

  test("without /var/run/dhclient it warns and runs without a pidfile", async () => {
    const machine = freshMachine();
    machine.dhcp.files = new MemoryHostFiles(new Set(["/var/run"]));
    await runAll(machine, "ifconfig igb0 up");
    const result = await run(machine, "dhclient igb0");
    expect(result.stderr).toMatch(/^Cannot open or create pidfile: No such file or directory\n/);
    expect(result.exitCode).toBe(0);
    expect(machine.dhcp.find("igb0")?.pidfile).toBeNull();
  });

  test("a reboot ends every dhclient; rc starts one again for DHCP interfaces", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 up", "dhclient igb0", "sysrc ifconfig_igb1=DHCP", "reboot");
    expect(machine.dhcp.list().map((c) => c.interface)).toEqual(["igb1"]);
    expect(await inet(machine, "igb1")).toEqual(["198.51.100.11 0xffffff00"]);
  });
});
