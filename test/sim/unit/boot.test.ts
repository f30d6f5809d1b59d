// reboot and `service netif`: the kernel state rebuilt from rc.conf the way rc.d/netif does it.
import { createSimMachine } from "../machine";
import { freshMachine, ifconfigText, portLines, run, runAll } from "./helpers";

const PERSISTED_LAGG = [
  "sysrc ifconfig_igb0=up ifconfig_igb1=up cloned_interfaces+=lagg0",
  "sysrc 'ifconfig_lagg0=laggproto lacp laggport igb0 laggport igb1 lacp_fast_timeout mtu 9000 10.0.0.5/24'",
  "sysrc 'ifconfig_lagg0_ipv6=inet6 2001:db8::5/64'",
  "sysrc 'ifconfig_lagg0_alias0=inet 10.0.0.6/32'",
  "sysrc 'ifconfig_lagg0_alias1=inet6 2001:db8::6/64'",
  "sysrc 'ifconfig_lagg0_descr=uplink to core-sw1'",
];

describe("reboot", () => {
  test("the live state is lost and rebuilt from rc.conf", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg7 create", ...PERSISTED_LAGG);
    const events: string[] = [];
    machine.on("reboot", () => events.push("reboot"));
    expect(await run(machine, "reboot")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(events).toEqual(["reboot"]);
    const k = machine.kernel;
    expect(k.find("lagg7")).toBeUndefined();
    const lagg = k.get("lagg0");
    expect(lagg.description).toBe("uplink to core-sw1");
    expect(lagg.mtu).toBe(9000);
    expect(await portLines(machine, "lagg0")).toEqual([
      "igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>", "igb1 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>",
    ]);
    const text = await ifconfigText(machine, "lagg0", true);
    expect(text).toContain("\t\tflags=94<USE_NUMA,LACP_STRICT,LACP_FAST_TIMO>\n");
    expect(text.split("\n").filter((l) => /^\tinet6? /.test(l))).toEqual([
      "\tinet 10.0.0.5 netmask 0xffffff00 broadcast 10.0.0.255",
      "\tinet 10.0.0.6 netmask 0xffffffff broadcast 10.0.0.6",
      expect.stringMatching(/^\tinet6 fe80::[0-9a-f:]+%lagg0 prefixlen 64 scopeid 0x[0-9a-f]+$/),
      "\tinet6 2001:db8::5 prefixlen 64",
      "\tinet6 2001:db8::6 prefixlen 64",
    ]);
    expect(machine.bootLog).toContain("Created clone interfaces: lagg0.\nStarting Network: lo0 igb0 igb1 ix1 lagg0.\n");
  });

  test("the management address and hostname come back; the lo0 address is added", async () => {
    const machine = createSimMachine({ hostname: "nas1" });
    await runAll(machine, "ifconfig em0 inet 192.0.2.99/24", "hostname other", "reboot");
    expect(machine.hostname).toBe("nas1");
    expect(machine.isAddressReachable("192.0.2.2")).toBe(true);
    expect(machine.isAddressReachable("192.0.2.99")).toBe(false);
    expect(machine.kernel.get("lo0").inet).toEqual([{ address: 0x7f000001, prefixLength: 8, broadcast: undefined }]);
  });

  test("physical facts (cables, LACP partners) survive a reboot", async () => {
    const machine = freshMachine();
    machine.setLink("igb1", false);
    await runAll(machine, ...PERSISTED_LAGG, "reboot");
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>", "igb1 flags=0<>"]);
  });

  test("an IPv6 address without the inet6 keyword is accepted with rc's warning", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc ifconfig_igb2_ipv6=2001:db8::9/64", "reboot");
    expect(machine.bootLog).toContain('/etc/rc.d/netif: WARNING: $ifconfig_igb2_ipv6 needs leading "inet6" keyword for an IPv6 address.\n');
    expect(await ifconfigText(machine, "igb2")).toContain("\tinet6 2001:db8::9 prefixlen 64\n");
  });

  test("a bad word in ifconfig_IF is reported on the console; the rest of boot goes on", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc cloned_interfaces=lagg0 'ifconfig_lagg0=laggproto fec laggport igb0'", "reboot");
    expect(machine.bootLog).toContain("ifconfig: Invalid aggregation protocol: fec\n");
    expect(machine.isAddressReachable("192.0.2.2")).toBe(true);
  });

  test("ifconfig_lagg0_description is not a variable rc knows (no description set)", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc cloned_interfaces=lagg0 ifconfig_lagg0_description=uplink", "reboot");
    expect(machine.kernel.get("lagg0").description).toBeUndefined();
  });
});

describe("service netif", () => {
  test("restart IF destroys and recreates a cloned lagg from rc.conf", async () => {
    const machine = freshMachine();
    await runAll(machine, ...PERSISTED_LAGG, "ifconfig lagg0 create laggproto failover laggport igb2");
    const result = await run(machine, "service netif restart lagg0");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Stopping Network: lagg0\.\nDestroyed clone interfaces: lagg0\.\nCreated clone interfaces: lagg0\.\nStarting Network: lagg0\.\nlagg0: flags=/);
    expect(machine.kernel.get("lagg0").lagg!.proto).toBe("lacp");
    expect(machine.kernel.get("igb2").member).toBeUndefined();
  });

  test("start IF applies rc.conf to an existing interface", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc 'ifconfig_igb3=inet 203.0.113.4/24'");
    const result = await run(machine, "service netif start igb3");
    expect(result.stdout).toMatch(/^Starting Network: igb3\.\nigb3: flags=/);
    expect(machine.isAddressReachable("203.0.113.4")).toBe(true);
  });

  test("stop IF of a missing interface warns and skips", async () => {
    const result = await run(freshMachine(), "service netif stop lagg5");
    expect(result).toEqual({ stdout: "", stderr: "/etc/rc.d/netif: WARNING: lagg5 does not exist.  Skipped.\n", exitCode: 0 });
  });

  test("netif_enable=NO refuses start but allows onestart", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc netif_enable=NO");
    expect(await run(machine, "service netif start igb3")).toEqual({
      stdout: "Cannot 'start' netif. Set netif_enable to YES in /etc/rc.conf or use 'onestart' instead of 'start'.\n",
      stderr: "", exitCode: 0,
    });
    expect((await run(machine, "service netif onestart lo0")).stdout).toMatch(/^Starting Network: lo0\./);
  });

  test("service routing restart is accepted; unknown services are not", async () => {
    const machine = freshMachine();
    expect(await run(machine, "service routing restart")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(await run(machine, "service nosuch start")).toMatchObject({ exitCode: 1 });
  });
});

describe("boot details", () => {
  test("ifconfig_IF_name renames at boot; the new name's variables then apply", async () => {
    const machine = freshMachine();
    await runAll(machine, "sysrc ifconfig_igb3_name=storage0 'ifconfig_storage0=inet 203.0.113.7/24'", "reboot");
    expect(machine.kernel.find("igb3")).toBeUndefined();
    expect(machine.isAddressReachable("203.0.113.7")).toBe(true);
  });

  test("netif_enable=NO: boot configures nothing; boot hooks run after rc.d/netif", async () => {
    const machine = freshMachine();
    const seen: string[] = [];
    machine.addBootHook((host) => seen.push(host.kernel.list().map((i) => i.name).join(",")));
    await runAll(machine, "sysrc netif_enable=NO", "reboot");
    expect(seen).toEqual(["em0,em1,igb0,igb1,igb2,igb3,ix0,ix1,lo0"]);
    expect(machine.isAddressReachable("192.0.2.2")).toBe(false);
    expect(machine.bootLog).toBe("");
  });
});
