// IPv6 text <-> 8 x 16-bit words, printed the way FreeBSD's inet_ntop(3) does (RFC 5952 style).
import { inetAton } from "./ipv4";

/** An IPv6 address as eight 16-bit groups. */
export type Ipv6Words = number[];

function parseGroups(text: string): number[] | null {
  if (text === "") return [];
  const groups: number[] = [];
  const parts = text.split(":");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes(".")) {
      const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(part) ? inetAton(part) : null;
      if (v4 === null) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** inet_pton(AF_INET6): returns the 8 groups, or null when the text is not an IPv6 address. */
export function parseIpv6(text: string): Ipv6Words | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  if (halves.length === 1) {
    const groups = parseGroups(text);
    return groups && groups.length === 8 ? groups : null;
  }
  const head = parseGroups(halves[0]);
  const tail = parseGroups(halves[1]);
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
}

/** inet_ntop(AF_INET6) as in FreeBSD libc: longest run (>= 2) of zero groups becomes "::". */
export function formatIpv6(words: Ipv6Words): string {
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
    } else if (cur.base !== -1) {
      if (best.base === -1 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base !== -1 && (best.base === -1 || cur.len > best.len)) best = cur;
  if (best.base !== -1 && best.len < 2) best = { base: -1, len: 0 };
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += `${words[6] >> 8}.${words[6] & 0xff}.${words[7] >> 8}.${words[7] & 0xff}`;
      return out;
    }
    out += words[i].toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ":";
  return out;
}

/** Canonical text of an IPv6 address, or null when it does not parse. */
export function canonicalIpv6(text: string): string | null {
  const words = parseIpv6(text);
  return words ? formatIpv6(words) : null;
}

/** fe80::/10 */
export function isLinkLocal(words: Ipv6Words): boolean {
  return (words[0] & 0xffc0) === 0xfe80;
}

/** The EUI-64 link-local address (fe80::/64) derived from a 48-bit MAC. */
export function linkLocalFromMac(mac: number[]): Ipv6Words {
  return [
    0xfe80, 0, 0, 0,
    ((mac[0] ^ 0x02) << 8) | mac[1],
    (mac[2] << 8) | 0xff,
    0xfe00 | mac[3],
    (mac[4] << 8) | mac[5],
  ];
}
