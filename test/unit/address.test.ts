import { canonicalCidr, isIpv6LinkLocal, netmaskHex, parseCidr, parseIpAddress } from "../../provider/address";

describe("parseCidr", () => {
  test.each([
    ["192.0.2.10/24", { family: 4, address: "192.0.2.10", prefixLength: 24 }],
    ["0.0.0.0/0", { family: 4, address: "0.0.0.0", prefixLength: 0 }],
    ["255.255.255.255/32", { family: 4, address: "255.255.255.255", prefixLength: 32 }],
    ["192.168.001.010/24", { family: 4, address: "192.168.1.10", prefixLength: 24 }],
    ["2001:DB8::10/64", { family: 6, address: "2001:db8::10", prefixLength: 64 }],
    ["::/0", { family: 6, address: "::", prefixLength: 0 }],
    ["2001:db8::1/128", { family: 6, address: "2001:db8::1", prefixLength: 128 }],
    ["::ffff:192.0.2.1/128", { family: 6, address: "::ffff:192.0.2.1", prefixLength: 128 }],
  ])("%s parses", (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });

  test.each([
    ["no prefix", "192.0.2.10"],
    ["IPv4 prefix too long", "192.0.2.10/33"],
    ["IPv6 prefix too long", "2001:db8::1/129"],
    ["netmask instead of prefix", "192.0.2.10/255.255.255.0"],
    ["negative prefix", "192.0.2.10/-1"],
    ["empty prefix", "192.0.2.10/"],
    ["octet over 255", "192.0.2.256/24"],
    ["three octets", "192.0.2/24"],
    ["five octets", "192.0.2.1.5/24"],
    ["hex octet", "0x7f.0.0.1/8"],
    ["two ::", "2001::db8::1/64"],
    ["nine groups", "1:2:3:4:5:6:7:8:9/64"],
    ["seven groups without ::", "1:2:3:4:5:6:7/64"],
    [":: standing for no group", "1:2:3:4:5:6:7:8::/64"],
    ["group of five digits", "2001:db8::12345/64"],
    ["zone id", "fe80::1%em0/64"],
    ["IPv4 in the middle", "::192.0.2.1:1/64"],
    ["garbage", "nas1/24"],
    ["empty", ""],
  ])("rejects %s (%s)", (_label, text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test("non-string input gives undefined", () => {
    expect(parseCidr(42 as unknown as string)).toBeUndefined();
  });
});

describe("canonicalCidr prints addresses as FreeBSD's inet_ntop does", () => {
  test.each([
    ["192.168.001.010/24", "192.168.1.10/24"],
    ["010.0.0.1/8", "10.0.0.1/8"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0010/64", "2001:db8::10/64"],
    // A single zero group is never compressed.
    ["2001:db8:0:1:1:1:1:1/64", "2001:db8:0:1:1:1:1:1/64"],
    // Longest run wins.
    ["2001:0:0:1:0:0:0:1/64", "2001:0:0:1::1/64"],
    // Equal runs: the leftmost wins.
    ["2001:db8:0:0:1:0:0:1/64", "2001:db8::1:0:0:1/64"],
    ["1:0:0:0:0:0:0:0/16", "1::/16"],
    ["0:0:0:0:0:0:0:1/128", "::1/128"],
    ["0:0:0:0:0:0:0:0/0", "::/0"],
    ["fe80:0:0:0:0:0:0:1/64", "fe80::1/64"],
    // IPv4-mapped and IPv4-compatible addresses keep the dotted tail.
    ["::FFFF:C000:0201/128", "::ffff:192.0.2.1/128"],
    ["0:0:0:0:0:0:c000:201/128", "::192.0.2.1/128"],
    ["::1:0/128", "::0.1.0.0/128"],
    ["64:ff9b::192.0.2.1/96", "64:ff9b::c000:201/96"],
    ["2001:db8::/032", "2001:db8::/32"],
  ])("%s → %s", (text, expected) => {
    expect(canonicalCidr(text)).toBe(expected);
  });

  test("unparsable text gives undefined", () => {
    expect(canonicalCidr("192.0.2.10")).toBeUndefined();
  });
});

describe("parseIpAddress", () => {
  test.each([
    ["192.0.2.1", { family: 4, address: "192.0.2.1" }],
    ["2001:DB8::1", { family: 6, address: "2001:db8::1" }],
    ["192.0.2.1/24", undefined],
    ["nas1", undefined],
  ])("%s", (text, expected) => {
    expect(parseIpAddress(text)).toEqual(expected);
  });
});

describe("netmaskHex matches ifconfig's `netmask 0x%lx`", () => {
  test.each([
    [0, "0x0"],
    [1, "0x80000000"],
    [8, "0xff000000"],
    [16, "0xffff0000"],
    [24, "0xffffff00"],
    [25, "0xffffff80"],
    [30, "0xfffffffc"],
    [31, "0xfffffffe"],
    [32, "0xffffffff"],
  ])("/%d → %s", (prefix, expected) => {
    expect(netmaskHex(prefix)).toBe(expected);
  });

  test.each([-1, 33, 24.5, Number.NaN])("throws RangeError on %p", (prefix) => {
    expect(() => netmaskHex(prefix)).toThrow(RangeError);
  });
});

describe("isIpv6LinkLocal", () => {
  test.each([
    ["fe80::1", true],
    ["FE80::1/64", true],
    ["fe80::1%em0", true],
    ["febf:ffff::1", true],
    ["fec0::1", false],
    ["fe7f::1", false],
    ["2001:db8::1", false],
    ["169.254.1.1", false],
    ["not an address", false],
  ])("%s → %s", (text, expected) => {
    expect(isIpv6LinkLocal(text)).toBe(expected);
  });
});
