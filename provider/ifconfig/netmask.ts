// IPv4 netmask forms ifconfig prints (hex by default, `-f inet:dotted`, `-f inet:cidr`) to prefix lengths.

const HEX_MASK = /^0x([0-9A-Fa-f]{1,8})$/;
const BARE_HEX_MASK = /^([0-9A-Fa-f]{8})$/;
const DOTTED_MASK = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const CIDR_SUFFIX = /^(.*)\/(\d{1,3})$/;

/**
 * Converts `0xffffff00`, `ffffff00` or `255.255.255.0` to a prefix length (24).
 * Counts the leading one bits, which is the prefix for every contiguous mask; returns undefined for
 * text that is not a netmask.
 */
export function netmaskToPrefixLength(mask: string): number | undefined {
  const bits = netmaskBits(mask.trim());
  if (bits === undefined) return undefined;
  let length = 0;
  for (let bit = 31; bit >= 0 && ((bits >>> bit) & 1) === 1; bit--) length++;
  return length;
}

function netmaskBits(mask: string): number | undefined {
  const hex = HEX_MASK.exec(mask) ?? BARE_HEX_MASK.exec(mask);
  if (hex) return parseInt(hex[1], 16) >>> 0;
  const dotted = DOTTED_MASK.exec(mask);
  if (!dotted) return undefined;
  const octets = dotted.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((acc, octet) => (acc * 256 + octet) >>> 0, 0);
}

/**
 * Splits a `-f inet:cidr` / `-f inet6:cidr` token such as `192.0.2.1/24` into address and prefix
 * length. A token without `/N` comes back with prefixLength undefined.
 */
export function splitCidr(token: string): { address: string; prefixLength?: number } {
  const match = CIDR_SUFFIX.exec(token);
  if (!match) return { address: token };
  return { address: match[1], prefixLength: Number(match[2]) };
}
