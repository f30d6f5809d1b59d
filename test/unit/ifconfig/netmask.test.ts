import { netmaskToPrefixLength, splitCidr } from "../../../provider/ifconfig/netmask";

describe("netmaskToPrefixLength", () => {
  test.each([
    ["0xffffff00", 24],
    ["0xFFFFFF00", 24],
    ["0xffffffff", 32],
    ["0xff000000", 8],
    ["0xfffffc00", 22],
    ["0xffffff80", 25],
    ["0x0", 0],
    ["0x80000000", 1],
    ["ffffff00", 24], // 8 hex digits without 0x
    ["255.255.255.0", 24], // -f inet:dotted
    ["255.255.255.255", 32],
    ["255.255.255.128", 25],
    ["255.255.252.0", 22],
    ["0.0.0.0", 0],
    ["255.0.0.0", 8],
  ])("%s -> /%i", (mask, prefixLength) => {
    expect(netmaskToPrefixLength(mask)).toBe(prefixLength);
  });

  test.each(["", "0x", "0x1ffffffff", "255.255.255", "256.255.255.0", "netmask", "24"])("%j is not a netmask", (mask) => {
    expect(netmaskToPrefixLength(mask)).toBeUndefined();
  });
});

describe("splitCidr", () => {
  test.each([
    ["192.0.2.1/24", { address: "192.0.2.1", prefixLength: 24 }],
    ["192.0.2.1/32", { address: "192.0.2.1", prefixLength: 32 }],
    ["2001:db8::1/64", { address: "2001:db8::1", prefixLength: 64 }],
    ["fe80::1%lagg0/64", { address: "fe80::1%lagg0", prefixLength: 64 }],
    ["192.0.2.1", { address: "192.0.2.1" }],
  ])("%s", (token, expected) => {
    expect(splitCidr(token)).toEqual(expected);
  });
});
