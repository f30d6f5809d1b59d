// 48-bit MAC addresses: parse, print (ether_ntoa and the LACP format), derive stable defaults.

/** A MAC address as six bytes. */
export type Mac = number[];

export const ZERO_MAC: Mac = [0, 0, 0, 0, 0, 0];

/** ether_aton(3): six colon-separated groups of one or two hex digits. */
export function parseMac(text: string): Mac | null {
  const parts = text.split(":");
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return null;
  return parts.map((p) => parseInt(p, 16));
}

/** ether_ntoa(3) as FreeBSD prints it: lower-case, two digits, colons. */
export function formatMac(mac: Mac): string {
  return mac.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

/** The LACP peer format: upper-case, dash-separated (iflagg.c lacp_format_mac). */
export function formatLacpMac(mac: Mac): string {
  return mac.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join("-");
}

export function sameMac(a: Mac, b: Mac): boolean {
  return a.every((byte, i) => byte === b[i]);
}

export function isZeroMac(mac: Mac): boolean {
  return mac.every((b) => b === 0);
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A stable, locally-administered unicast MAC derived from an interface name. */
export function macFromName(name: string): Mac {
  const a = fnv1a(name, 0x811c9dc5);
  const b = fnv1a(name, 0x9e3779b9);
  return [0x02, (a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, b & 0xff];
}
