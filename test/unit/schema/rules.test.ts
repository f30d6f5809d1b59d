// One valid and at least one invalid case per top-level rule; each invalid case must yield exactly one failure.
import { argsWith, failuresOf } from "./fixtures";

const long = (n: number) => "x".repeat(n);

describe("inputs that pass", () => {
  test.each<[string, Record<string, unknown>]>([
    ["name lagg0", { name: "lagg0" }],
    ["name lagg10 (no leading zero)", { name: "lagg10" }],
    ["name of 15 characters", { name: "lagg12345678901" }],
    ...(["lacp", "failover", "loadbalance", "roundrobin", "broadcast", "none"] as const).map(
      (protocol): [string, Record<string, unknown>] => [`protocol ${protocol}`, { protocol }],
    ),
    ["typical NIC names", { ports: ["em0", "igb1", "ix10", "vtnet0", "mlxen0", "bnxt0", "cxl0", "mce0", "ixl1", "re0"] }],
    ["a renamed or wireless port", { ports: ["wlan0", "uplink1"] }],
    ["32 ports", { ports: Array.from({ length: 32 }, (_, i) => `igb${i}`) }],
    ["mtu 576", { mtu: 576 }],
    ["mtu 9216", { mtu: 9216 }],
    ["mtu null restores the default", { mtu: null }],
    ["description with punctuation and unicode", { description: "uplink to core-sw1 (port 1/0/1) — 'prod' \"A\"" }],
    ["description of 255 characters", { description: long(255) }],
    ["empty description", { description: "" }],
    ["IPv4 and IPv6 addresses", { addresses: ["192.0.2.10/24", "2001:db8::10/64"] }],
    ["same network, different hosts", { addresses: ["192.0.2.10/24", "192.0.2.11/24"] }],
    ["/32 and /0 prefixes", { addresses: ["192.0.2.10/32", "198.51.100.1/0"] }],
    ["dhcp with static IPv6 addresses", { dhcp: true, addresses: ["2001:db8::10/64"] }],
    ["static IPv4 addresses without dhcp", { dhcp: false, addresses: ["192.0.2.10/24", "2001:db8::10/64"] }],
    ["ipv6Autoconf", { ipv6Autoconf: true }],
    ["hash subset", { hash: ["l3", "l4"] }],
    ["hash single layer", { hash: ["l2"] }],
    ["lacpFastTimeout with lacp", { protocol: "lacp", lacpFastTimeout: true }],
    ["lacpFastTimeout false with failover", { protocol: "failover", lacpFastTimeout: false }],
    ["lacpStrict with lacp", { protocol: "lacp", lacpStrict: false }],
    ["useFlowid and flowidShift with loadbalance", { protocol: "loadbalance", useFlowid: true, flowidShift: 31 }],
    ["flowidShift 0 with lacp", { protocol: "lacp", flowidShift: 0 }],
    ["rrLimit with roundrobin", { protocol: "roundrobin", rrLimit: 1 }],
    ...(["auto", "rc.conf", "truenas", "none"] as const).map((persist): [string, Record<string, unknown>] => [`persist ${persist}`, { persist }]),
    ["truenas with mtu 1492", { persist: "truenas", mtu: 1492 }],
    ["truenas with mtu 9216", { persist: "truenas", mtu: 9216 }],
    ["truenas failover with the alphabetically first port first", { persist: "truenas", protocol: "failover", ports: ["igb0", "igb1"] }],
    ["auto failover in any order (judged on the host)", { protocol: "failover", ports: ["igb1", "igb0"] }],
    ["confirmTimeout 10", { confirmTimeout: 10 }],
    ["confirmTimeout 3600", { confirmTimeout: 3600 }],
    ["lacpTimeout 0 (no wait)", { protocol: "lacp", lacpTimeout: 0 }],
    ["lacpTimeout 600", { protocol: "lacp", lacpTimeout: 600 }],
    ["booleans", { safeApply: false, adopt: true, disableHardwareOffload: true }],
  ])("%s", (_label, patch) => {
    expect(failuresOf(argsWith(patch))).toEqual([]);
  });
});

describe("inputs that fail", () => {
  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing name", { name: undefined }, "name", /^required: .*"lagg0"/],
    ["name not lagg", { name: "bond0" }, "name", /expected "lagg" followed by a unit number.*"bond0"/],
    ["name without unit", { name: "lagg" }, "name", /expected "lagg" followed by a unit number/],
    ["name upper-case", { name: "LAGG0" }, "name", /expected "lagg" followed by a unit number/],
    ["name with leading zero", { name: "lagg01" }, "name", /leading zero.*FreeBSD and TrueNAS reject.*"lagg1"/],
    ["name longer than 15", { name: "lagg123456789012" }, "name", /at most 15 characters \(IFNAMSIZ-1\)/],
    ["name not a string", { name: 0 }, "name", /^expected a string, got a number$/],
    ["missing protocol", { protocol: undefined }, "protocol", /^required: .*lacp, failover, loadbalance, roundrobin, broadcast, none/],
    ["protocol fec", { protocol: "fec" }, "protocol", /removed in FreeBSD 11.*use "loadbalance"/],
    ["protocol upper-case", { protocol: "LACP" }, "protocol", /expected one of lacp, failover.*got "LACP"; did you mean "lacp"\?/],
    ["protocol unknown", { protocol: "activebackup" }, "protocol", /^expected one of lacp, failover, loadbalance, roundrobin, broadcast, none/],
    ["protocol a number", { protocol: 1 }, "protocol", /expected one of .*got a number/],
    ["missing ports", { ports: undefined }, "ports", /^required: the member interfaces/],
    ["ports empty", { ports: [] }, "ports", /at least one port/],
    ["33 ports", { ports: Array.from({ length: 33 }, (_, i) => `igb${i}`) }, "ports", /at most 32 ports/],
    ["ports a string", { ports: "igb0,igb1" }, "ports", /expected a list of strings.*got a string/],
    ["port not a string", { ports: ["igb0", 1] }, "ports[1]", /^expected a string, got a number$/],
    ["duplicate port", { ports: ["igb0", "igb1", "igb0"] }, "ports[2]", /duplicate of ports\[0\] \("igb0"\)/],
    ["port is the lagg itself", { name: "lagg3", ports: ["igb0", "lagg3"] }, "ports[1]", /cannot be a member of itself/],
    ["port is another lagg", { ports: ["igb0", "lagg1"] }, "ports[1]", /lagg pseudo-interface/],
    ...["vlan10", "bridge0", "lo0", "tap0", "tun0", "epair0a", "gif0", "gre0", "carp0", "wg0", "pflog0", "pfsync0", "enc0", "vxlan0", "stf0", "ipsec0"].map(
      (port): [string, Record<string, unknown>, string, RegExp] => [`pseudo port ${port}`, { ports: ["igb0", port] }, "ports[1]", /pseudo-interface; only physical/],
    ),
    ["VLAN-style port", { ports: ["igb0.100"] }, "ports[0]", /looks like a VLAN interface/],
    ["port without unit", { ports: ["igb"] }, "ports[0]", /expected a physical interface name/],
    ["port upper-case", { ports: ["IGB0"] }, "ports[0]", /expected a physical interface name/],
    ["port with shell characters", { ports: ["igb0;reboot"] }, "ports[0]", /expected a physical interface name/],
    ["port longer than 15", { ports: ["abcdefghijklmno0"] }, "ports[0]", /at most 15 characters/],
    ["mtu below 576", { mtu: 575 }, "mtu", /^expected an integer from 576 to 9216, got 575$/],
    ["mtu above 9216", { mtu: 9217 }, "mtu", /576 to 9216, got 9217/],
    ["mtu fraction", { mtu: 1500.5 }, "mtu", /576 to 9216/],
    ["mtu as string", { mtu: "9000" }, "mtu", /expected a number .*got a string; write the number without quotes/],
    ["description too long", { description: long(256) }, "description", /at most 255 characters, got 256/],
    ["description with newline", { description: "a\nb" }, "description", /printable text on one line; found a newline at character 2/],
    ["description with tab", { description: "a\tb" }, "description", /found a tab/],
    ["description with escape", { description: "\u001b[31m" }, "description", /control character U\+001B/],
    ["description not a string", { description: 5 }, "description", /expected a string, got a number/],
    ["address without prefix", { addresses: ["192.0.2.10"] }, "addresses[0]", /no prefix length; write it as "192.0.2.10\/24"/],
    ["address with bad IPv4 prefix", { addresses: ["192.0.2.10/33"] }, "addresses[0]", /IPv4 prefix length must be a number from 0 to 32/],
    ["address with bad IPv6 prefix", { addresses: ["2001:db8::1/129"] }, "addresses[0]", /IPv6 prefix length must be a number from 0 to 128/],
    ["address with netmask", { addresses: ["192.0.2.10/255.255.255.0"] }, "addresses[0]", /IPv4 prefix length/],
    ["address garbage", { addresses: ["nas1/24"] }, "addresses[0]", /expected an IPv4 or IPv6 address with a prefix length/],
    ["IPv6 link-local", { addresses: ["fe80::1/64"] }, "addresses[0]", /link-local.*kernel assigns it/],
    ["duplicate address", { addresses: ["192.0.2.10/24", "192.0.2.010/24"] }, "addresses[1]", /192.0.2.10 is already listed as addresses\[0\]/],
    ["same address, other prefix", { addresses: ["2001:db8::1/64", "2001:DB8:0::1/48"] }, "addresses[1]", /2001:db8::1 is already listed/],
    ["addresses a string", { addresses: "192.0.2.10/24" }, "addresses", /expected a list of strings/],
    ["dhcp a string", { dhcp: "yes" }, "dhcp", /^expected true or false, got a string$/],
    ["dhcp with a static IPv4 address", { dhcp: true, addresses: ["2001:db8::10/64", "192.0.2.10/24"] }, "addresses[1]", /"192\.0\.2\.10\/24" is a static IPv4 address, but dhcp is true: dhclient replaces the lagg's first IPv4 address/],
    ["ipv6Autoconf a number", { ipv6Autoconf: 1 }, "ipv6Autoconf", /expected true or false/],
    ["hash empty", { hash: [] }, "hash", /at least one of l2, l3, l4/],
    ["hash unknown layer", { hash: ["l3", "l5"] }, "hash[1]", /expected one of l2, l3, l4, got "l5"/],
    ["hash duplicate", { hash: ["l3", "l3"] }, "hash[1]", /duplicate of hash\[0\]/],
    ["hash comma string", { hash: "l3,l4" }, "hash", /expected a list of strings like \["l3", "l4"\]/],
    ["lacpFastTimeout with failover", { protocol: "failover", lacpFastTimeout: true }, "lacpFastTimeout", /only applies to protocol "lacp", not "failover"/],
    ["lacpStrict with loadbalance", { protocol: "loadbalance", lacpStrict: true }, "lacpStrict", /only applies to protocol "lacp", not "loadbalance"/],
    ["useFlowid with failover", { protocol: "failover", useFlowid: false }, "useFlowid", /"lacp" or "loadbalance", not "failover"/],
    ["flowidShift with roundrobin", { protocol: "roundrobin", flowidShift: 4 }, "flowidShift", /"lacp" or "loadbalance", not "roundrobin"/],
    ["flowidShift 32", { flowidShift: 32 }, "flowidShift", /integer from 0 to 31, got 32/],
    ["rrLimit with lacp", { protocol: "lacp", rrLimit: 10 }, "rrLimit", /only applies to protocol "roundrobin", not "lacp"/],
    ["rrLimit 0", { protocol: "roundrobin", rrLimit: 0 }, "rrLimit", /integer from 1 to 4294967295 packets, got 0/],
    ["lacpStrict a string", { lacpStrict: "true" }, "lacpStrict", /expected true or false/],
    ["persist unknown", { persist: "rcconf" }, "persist", /expected one of auto, rc.conf, truenas, none, got "rcconf"; did you mean "rc.conf"\?/],
    ["truenas with broadcast", { persist: "truenas", protocol: "broadcast" }, "protocol", /TrueNAS CORE has no BROADCAST/],
    ["truenas with mtu 1491", { persist: "truenas", mtu: 1491 }, "mtu", /persist: "truenas" needs an MTU from 1492 to 9216.*got 1491/],
    ["truenas failover with a primary sync would not keep", { persist: "truenas", protocol: "failover", ports: ["igb1", "igb0"] }, "ports", /alphabetically first port the failover primary.*igb1 cannot be the primary; list igb0 first/],
    ["truenas failover, ix10 sorts before ix2", { persist: "truenas", protocol: "failover", ports: ["ix2", "ix10"] }, "ports", /list ix10 first/],
    ["confirmTimeout 9", { confirmTimeout: 9 }, "confirmTimeout", /integer from 10 to 3600 seconds, got 9/],
    ["confirmTimeout 3601", { confirmTimeout: 3601 }, "confirmTimeout", /10 to 3600 seconds, got 3601/],
    ["lacpTimeout -1", { lacpTimeout: -1 }, "lacpTimeout", /integer from 0 to 600 seconds, got -1/],
    ["lacpTimeout 601", { lacpTimeout: 601 }, "lacpTimeout", /0 to 600 seconds, got 601/],
    ["lacpTimeout 1.5", { lacpTimeout: 1.5 }, "lacpTimeout", /integer/],
    ["safeApply a string", { safeApply: "false" }, "safeApply", /expected true or false, got a string/],
    ["adopt null is fine but adopt 0 is not", { adopt: 0 }, "adopt", /^expected false \(refuse .*\) or "observe" \(.*\), got a number$/],
    ["disableHardwareOffload a list", { disableHardwareOffload: [] }, "disableHardwareOffload", /expected true or false, got a list/],
  ])("%s", (_label, patch, property, reason) => {
    expect(failuresOf(argsWith(patch))).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });
});

describe("cross-field rules wait for a known protocol", () => {
  test.each([
    ["unknown protocol", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"],
    ["invalid protocol", "fec"],
  ])("%s: protocol-specific fields are not judged", (_label, protocol) => {
    const failures = failuresOf(argsWith({ protocol, lacpFastTimeout: true, rrLimit: 5, useFlowid: true, options: ["use_numa"] }));
    expect(failures.filter((f) => f.property !== "protocol")).toEqual([]);
  });
});
