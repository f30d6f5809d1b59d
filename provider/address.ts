// Pure IPv4/IPv6 address helpers: parse CIDR text and print it the way FreeBSD's ifconfig does.

/** An address with its prefix length, the address in canonical form. */
export interface Cidr {
  family: 4 | 6;
  /** Canonical text: IPv4 dotted decimal without leading zeros; IPv6 as FreeBSD's inet_ntop prints it. */
  address: string;
  prefixLength: number;
}

/** An address without a prefix, in canonical form. */
export interface IpAddress {
  family: 4 | 6;
  address: string;
}

const IPV4_OCTET = /^[0-9]{1,3}$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const PREFIX_DIGITS = /^[0-9]{1,3}$/;

/** Parses dotted-quad IPv4 into four octets. Leading zeros are read as decimal (never octal). */
function parseIpv4Octets(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => IPV4_OCTET.test(p))) return undefined;
  const octets = parts.map((p) => Number.parseInt(p, 10));
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** Parses IPv6 text (with `::` and an optional trailing dotted IPv4) into eight 16-bit words. */
function parseIpv6Words(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parseSide = (side: string, allowIpv4Tail: boolean): number[] | undefined => {
    if (side === "") return [];
    const groups = side.split(":");
    const words: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      if (allowIpv4Tail && i === groups.length - 1 && group.includes(".")) {
        const octets = parseIpv4Octets(group);
        if (!octets) return undefined;
        words.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
      } else if (IPV6_GROUP.test(group)) {
        words.push(Number.parseInt(group, 16));
      } else {
        return undefined;
      }
    }
    return words;
  };
  if (halves.length === 1) {
    const words = parseSide(text, true);
    return words && words.length === 8 ? words : undefined;
  }
  const head = parseSide(halves[0], false);
  const tail = parseSide(halves[1], true);
  // `::` stands for at least one zero group.
  if (!head || !tail || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** Prints eight words like FreeBSD libc's inet_ntop6 (BIND): RFC 5952 `::` choice, embedded IPv4 forms. */
function formatIpv6Words(words: number[]): string {
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
      // Strictly longer wins, so the leftmost run wins ties.
      if (cur.len > best.len) best = cur;
    } else {
      cur = { base: -1, len: 0 };
    }
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) print the last 32 bits dotted.
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += [words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff].join(".");
      return out;
    }
    out += words[i].toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ":";
  return out;
}

/** Parses an IPv4 or IPv6 address without prefix or zone; returns its canonical form, or undefined. */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (typeof text !== "string") return undefined;
  if (text.includes(":")) {
    const words = parseIpv6Words(text);
    return words ? { family: 6, address: formatIpv6Words(words) } : undefined;
  }
  const octets = parseIpv4Octets(text);
  return octets ? { family: 4, address: octets.join(".") } : undefined;
}

/**
 * Parses `address/prefix` (IPv4 /0–/32, IPv6 /0–/128). The prefix is required. Returns undefined for anything
 * else, including IPv6 zone ids (`%em0`) and netmask-style prefixes (`/255.255.255.0`).
 */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIpAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !PREFIX_DIGITS.test(prefixText)) return undefined;
  const prefixLength = Number.parseInt(prefixText, 10);
  if (prefixLength > (ip.family === 4 ? 32 : 128)) return undefined;
  return { family: ip.family, address: ip.address, prefixLength };
}

/** `address/prefix` in canonical form (as FreeBSD prints the address), or undefined when unparsable. */
export function canonicalCidr(text: string): string | undefined {
  const cidr = parseCidr(text);
  return cidr ? `${cidr.address}/${cidr.prefixLength}` : undefined;
}

/** An IPv4 prefix length as FreeBSD ifconfig prints the netmask: `0x` + unpadded lower-case hex (24 → "0xffffff00"). */
export function netmaskHex(prefixLength: number): string {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
    throw new RangeError(`IPv4 prefix length must be an integer from 0 to 32, got ${prefixLength}`);
  }
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return `0x${mask.toString(16)}`;
}

/** True when the text (an IPv6 address, optionally with `/prefix` or `%zone`) is in fe80::/10. */
export function isIpv6LinkLocal(text: string): boolean {
  if (typeof text !== "string") return false;
  const bare = text.split("/")[0].split("%")[0];
  if (!bare.includes(":")) return false;
  const words = parseIpv6Words(bare);
  return words !== undefined && (words[0] & 0xffc0) === 0xfe80;
}
