// The three reference outputs (reference/ifconfig-examples.md), rebuilt state by state and compared
// byte for byte.
import { createSimMachine } from "../machine";
import { ifconfigText, runAll } from "./helpers";

const EXAMPLE_1 = [
  "lagg0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500",
  "\toptions=4e504bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,LRO,VLAN_HWFILTER,VLAN_HWTSO,RXCSUM_IPV6,TXCSUM_IPV6,HWSTATS,MEXTPG>",
  "\tether 00:50:56:29:a9:45",
  "\thwaddr 00:00:00:00:00:00",
  "\tinet 192.168.5.5 netmask 0xffffff00 broadcast 192.168.5.255",
  "\tlaggproto failover lagghash l2,l3,l4",
  "\tlaggport: em0 flags=5<MASTER,ACTIVE>",
  "\tlaggport: em1 flags=0<>",
  "\tgroups: lagg",
  "\tmedia: Ethernet autoselect",
  "\tstatus: active",
  "\tnd6 options=829<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL,STABLEADDR>",
  "",
].join("\n");

const EXAMPLE_2 = [
  "lagg0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500",
  "\tdescription: storage uplink",
  "\toptions=4e504bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,LRO,VLAN_HWFILTER,VLAN_HWTSO,RXCSUM_IPV6,TXCSUM_IPV6,HWSTATS,MEXTPG>",
  "\tether 00:50:56:29:a9:45",
  "\thwaddr 00:00:00:00:00:00",
  "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255",
  "\tinet6 fe80::250:56ff:fe29:a945%lagg0 prefixlen 64 scopeid 0x3",
  "\tinet6 2001:db8::10 prefixlen 64",
  "\tlaggproto roundrobin lagghash l2,l3,l4",
  "\tlagg options:",
  "\t\tflags=0<>",
  "\t\tflowid_shift: 16",
  "\t\trr_limit: 500",
  "\tlagg statistics:",
  "\t\tactive ports: 2",
  "\t\tflapping: 0",
  "\tlaggport: em0 flags=4<ACTIVE>",
  "\tlaggport: em1 flags=4<ACTIVE>",
  "\tgroups: lagg",
  "\tmedia: Ethernet autoselect",
  "\tstatus: active",
  "\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>",
  "",
].join("\n");

const EXAMPLE_3 = [
  "lagg1: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 9000",
  "\toptions=0",
  "\tether 58:9c:fc:00:00:01",
  "\thwaddr 00:00:00:00:00:00",
  "\tlaggproto none lagghash l2,l3,l4",
  "\tlaggport: ix0 flags=0<>",
  "\tlaggport: ix1 flags=0<>",
  "\tgroups: lagg",
  "\tmedia: Ethernet autoselect",
  "\tstatus: active",
  "\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>",
  "",
].join("\n");

const VMWARE_EM = [{ name: "em0", mac: "00:50:56:29:a9:45" }, "em1", "igb0"];

describe("reference ifconfig outputs", () => {
  test("1: failover em0/em1 with IPv4 (FreeBSD 15 capture, STABLEADDR)", async () => {
    const machine = createSimMachine({
      osRelease: "15.0-RELEASE", interfaces: VMWARE_EM, management: { interface: "igb0", address: "192.0.2.2/24" },
    });
    await runAll(machine, "ifconfig em0 up", "ifconfig em1 up", "ifconfig lagg0 create",
      "ifconfig lagg0 up laggproto failover laggport em0 laggport em1 192.168.5.5/24");
    expect(await ifconfigText(machine, "lagg0")).toBe(EXAMPLE_1);
  });

  test("2: ifconfig -v of a roundrobin lagg with rr_limit, description and IPv6", async () => {
    const machine = createSimMachine({ interfaces: VMWARE_EM, management: { interface: "igb0", address: "192.0.2.2/24" } });
    await runAll(machine, "ifconfig em0 up", "ifconfig em1 up", "ifconfig lagg0 create",
      "ifconfig lagg0 laggproto roundrobin laggport em0 laggport em1 -use_numa rr_limit 500 " +
        "description 'storage uplink' 192.0.2.10/24 up",
      "ifconfig lagg0 inet6 -ifdisabled", "ifconfig lagg0 inet6 2001:db8::10/64");
    const text = await ifconfigText(machine, "lagg0", true);
    // if_index differs: this machine has igb0 and lo0 before lagg0 (the example had lagg0 third).
    expect(text.replace(/scopeid 0x[0-9a-f]+/, "scopeid 0x3")).toBe(EXAMPLE_2);
    expect(text).toContain(`scopeid 0x${machine.kernel.get("lagg0").index.toString(16)}`);
  });

  test("3: laggproto none, MTU 9000, no enabled capabilities (options=0)", async () => {
    const machine = createSimMachine({
      interfaces: [{ name: "ix0", mac: "58:9c:fc:00:00:01", enabledCapabilities: 0 }, { name: "ix1", enabledCapabilities: 0 }, "igb0"],
      management: { interface: "igb0", address: "192.0.2.2/24" },
    });
    await runAll(machine, "ifconfig ix0 up", "ifconfig ix1 up", "ifconfig lagg1 create",
      "ifconfig lagg1 laggproto none laggport ix0 laggport ix1 mtu 9000 up");
    expect(await ifconfigText(machine, "lagg1")).toBe(EXAMPLE_3);
  });
});
