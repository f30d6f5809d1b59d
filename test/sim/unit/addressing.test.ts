// Address text handling: inet_aton, RFC 5952 IPv6 printing, EUI-64 link-local, MACs.
import { formatIpv4, inetAton } from "../kernel/ipv4";
import { canonicalIpv6, formatIpv6, linkLocalFromMac, parseIpv6 } from "../kernel/ipv6";
import { formatLacpMac, macFromName, parseMac } from "../kernel/mac";

describe("inet_aton", () => {
  test.each([
    ["192.0.2.1", "192.0.2.1"],
    ["10.1", "10.0.0.1"],
    ["10.1.2", "10.1.0.2"],
    ["0x0a.0.0.1", "10.0.0.1"],
    ["012.0.0.1", "10.0.0.1"],
    ["0xffffff00", "255.255.255.0"],
  ])("%s -> %s", (text, dotted) => {
    expect(formatIpv4(inetAton(text)!)).toBe(dotted);
  });

  test.each(["256.0.0.1", "1.2.3.4.5", "a.b.c.d", "", "08.0.0.1"])("%p is rejected", (text) => {
    expect(inetAton(text)).toBeNull();
  });
});

describe("IPv6 text", () => {
  test.each([
    ["2001:db8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:0DB8::0001", "2001:db8::1"],
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8::1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:1:2:3:4:5:0", "2001:db8:1:2:3:4:5:0"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["::1", "::1"],
    ["fe80:0:0:0:250:56ff:fe29:a945", "fe80::250:56ff:fe29:a945"],
    ["::ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
  ])("%s prints as %s", (text, canonical) => {
    expect(canonicalIpv6(text)).toBe(canonical);
  });

  test.each(["2001:db8::1::1", "2001:db8:1", "12345::", "g::1", "1:2:3:4:5:6:7:8:9"])("%p is rejected", (text) => {
    expect(parseIpv6(text)).toBeNull();
  });

  test("the EUI-64 link-local address of a MAC flips the U/L bit", () => {
    expect(formatIpv6(linkLocalFromMac(parseMac("00:50:56:29:a9:45")!))).toBe("fe80::250:56ff:fe29:a945");
  });
});

describe("MACs", () => {
  test("default MACs are stable, distinct and locally administered", () => {
    expect(macFromName("igb0")).toEqual(macFromName("igb0"));
    expect(macFromName("igb0")).not.toEqual(macFromName("igb1"));
    expect(macFromName("em0")[0] & 0x03).toBe(0x02);
  });

  test("the LACP format is upper-case and dash-separated", () => {
    expect(formatLacpMac(parseMac("00:1b:21:aa:0b:ff")!)).toBe("00-1B-21-AA-0B-FF");
  });
});
