import { parseInet6Line, parseInetLine } from "../../../provider/ifconfig/addresses";

describe("parseInetLine", () => {
  test.each([
    ["192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255", { address: "192.0.2.10", prefixLength: 24, broadcast: "192.0.2.255" }],
    ["192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255 ", { address: "192.0.2.10", prefixLength: 24, broadcast: "192.0.2.255" }],
    ["192.0.2.10 netmask 255.255.255.0 broadcast 192.0.2.255", { address: "192.0.2.10", prefixLength: 24, broadcast: "192.0.2.255" }],
    ["192.0.2.10/24 broadcast 192.0.2.255", { address: "192.0.2.10", prefixLength: 24, broadcast: "192.0.2.255" }],
    ["127.0.0.1 netmask 0xff000000", { address: "127.0.0.1", prefixLength: 8 }],
    ["192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255 vhid 7", { address: "192.0.2.1", prefixLength: 24, broadcast: "192.0.2.255", vhid: 7 }],
    ["10.8.0.1 --> 10.8.0.2 netmask 0xffffffff", { address: "10.8.0.1", prefixLength: 32 }],
    ["10.8.0.1 --> 10.8.0.2/30", { address: "10.8.0.1", prefixLength: 30 }], // cidr: the /N follows the peer
    ["198.51.100.7", { address: "198.51.100.7", prefixLength: 32 }],
  ])("inet %s", (words, expected) => {
    expect(parseInetLine(words)).toEqual(expected);
  });
});

describe("parseInet6Line", () => {
  test.each([
    ["fe80::1%lo0 prefixlen 64 scopeid 0x3", { address: "fe80::1", prefixLength: 64, scopeId: 3 }],
    ["fe80::b696:91ff:fe07:b4a8%lagg0 prefixlen 64 scopeid 0xb ", { address: "fe80::b696:91ff:fe07:b4a8", prefixLength: 64, scopeId: 11 }],
    ["::1 prefixlen 128", { address: "::1", prefixLength: 128 }],
    ["fe80::1%lagg0/64 scopeid 0x11", { address: "fe80::1", prefixLength: 64, scopeId: 17 }],
    ["2001:db8::10/56", { address: "2001:db8::10", prefixLength: 56 }],
    ["2001:db8::5 prefixlen 64 autoconf pltime 604800 vltime 2592000", { address: "2001:db8::5", prefixLength: 64, flags: ["autoconf"] }],
    ["2001:db8::6 prefixlen 64 autoconf temporary pltime infty vltime infty", { address: "2001:db8::6", prefixLength: 64, flags: ["autoconf", "temporary"] }],
    ["2001:db8::7 prefixlen 64 tentative ", { address: "2001:db8::7", prefixLength: 64, flags: ["tentative"] }],
    ["2001:db8::8 prefixlen 64 deprecated detached duplicated", { address: "2001:db8::8", prefixLength: 64, flags: ["deprecated", "detached", "duplicated"] }],
    ["2001:db8::9 prefixlen 64 anycast prefer_source", { address: "2001:db8::9", prefixLength: 64, flags: ["anycast", "prefer_source"] }],
    ["2001:db8::a prefixlen 64 vhid 3", { address: "2001:db8::a", prefixLength: 64, vhid: 3 }],
    ["fe80::1%tun0 --> fe80::2%tun0 prefixlen 64 scopeid 0x8", { address: "fe80::1", prefixLength: 64, scopeId: 8 }],
  ])("inet6 %s", (words, expected) => {
    expect(parseInet6Line(words)).toEqual(expected);
  });
});

// A capture cut mid-line (or a masked value) must not produce NaN: the field is left out instead.
describe("values that are not numbers are left out", () => {
  test.each([
    ["inet vhid cut", () => parseInetLine("192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255 vhid x"), { address: "192.0.2.1", prefixLength: 24, broadcast: "192.0.2.255" }],
    ["inet6 scopeid cut after 0x", () => parseInet6Line("fe80::1%lagg0 prefixlen 64 scopeid 0x"), { address: "fe80::1", prefixLength: 64 }],
    ["inet6 scopeid masked", () => parseInet6Line("fe80::1%em0 prefixlen 64 scopeid 0xzz"), { address: "fe80::1", prefixLength: 64 }],
    ["inet6 decimal scopeid", () => parseInet6Line("fe80::1%em0 prefixlen 64 scopeid 4"), { address: "fe80::1", prefixLength: 64, scopeId: 4 }],
    ["inet6 prefixlen masked", () => parseInet6Line("2001:db8::1 prefixlen xx"), { address: "2001:db8::1", prefixLength: 128 }],
    ["inet6 vhid cut", () => parseInet6Line("2001:db8::a prefixlen 64 vhid -"), { address: "2001:db8::a", prefixLength: 64 }],
  ])("%s", (_label, parse, expected) => {
    expect(parse()).toEqual(expected);
  });
});
