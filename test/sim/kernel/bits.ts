// Flag and capability bit values (sys/net/if.h, if_lagg.h, ieee8023ad_lacp.h, nd6.h) and
// the two ways ifconfig prints bit fields.

export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  SIMPLEX: 0x800,
  LINK0: 0x1000,
  LINK1: 0x2000,
  LINK2: 0x4000,
  MULTICAST: 0x8000,
  PPROMISC: 0x20000,
  MONITOR: 0x40000,
  STATICARP: 0x80000,
  STICKYARP: 0x100000,
  /** IFF_NETLINK_1: printed as LOWER_UP by the 14+ netlink ifconfig when the link is up. */
  LOWER_UP: 0x1000000,
} as const;

/** Names of if_flags bits 0..24 as ifconfig_netlink.c's IFFBITS[] prints them. */
export const IFF_NAMES = [
  "UP", "BROADCAST", "DEBUG", "LOOPBACK", "POINTOPOINT", "NEEDSEPOCH", "RUNNING", "NOARP",
  "PROMISC", "ALLMULTI", "DRV_OACTIVE", "SIMPLEX", "LINK0", "LINK1", "LINK2", "MULTICAST",
  "CANTCONFIG", "PPROMISC", "MONITOR", "STATICARP", "STICKYARP", "DYING", "RENAMING", "NOGROUP",
  "LOWER_UP",
];

/** IFCAP_* bit values (sys/net/if.h, IFCAP_B_* bit indexes). */
export const IFCAP = {
  RXCSUM: 1 << 0,
  TXCSUM: 1 << 1,
  NETCONS: 1 << 2,
  VLAN_MTU: 1 << 3,
  VLAN_HWTAGGING: 1 << 4,
  JUMBO_MTU: 1 << 5,
  POLLING: 1 << 6,
  VLAN_HWCSUM: 1 << 7,
  TSO4: 1 << 8,
  TSO6: 1 << 9,
  LRO: 1 << 10,
  WOL_UCAST: 1 << 11,
  WOL_MCAST: 1 << 12,
  WOL_MAGIC: 1 << 13,
  TOE4: 1 << 14,
  TOE6: 1 << 15,
  VLAN_HWFILTER: 1 << 16,
  NV: 1 << 17,
  VLAN_HWTSO: 1 << 18,
  LINKSTATE: 1 << 19,
  NETMAP: 1 << 20,
  RXCSUM_IPV6: 1 << 21,
  TXCSUM_IPV6: 1 << 22,
  HWSTATS: 1 << 23,
  TXRTLMT: 1 << 24,
  HWRXTSTMP: 1 << 25,
  MEXTPG: 1 << 26,
  TXTLS4: 1 << 27,
  TXTLS6: 1 << 28,
  VXLAN_HWCSUM: 1 << 29,
  VXLAN_HWTSO: 1 << 30,
  TXTLS_RTLMT: 2 ** 31,
} as const;

/** Names of capability bits 0..31, in bit order (the 14+ ifcap_bit_names). */
export const IFCAP_NAMES = Object.keys(IFCAP);

/** Sums capability names into a bit mask (unsigned 32-bit). */
export function capMask(...names: (keyof typeof IFCAP)[]): number {
  return names.reduce((mask, name) => (mask | IFCAP[name]) >>> 0, 0);
}

/** lagg port flags (LAGG_PORT_BITS). */
export const LAGG_PORT = { MASTER: 0x1, STACK: 0x2, ACTIVE: 0x4, COLLECTING: 0x8, DISTRIBUTING: 0x10 } as const;
export const LAGG_PORT_BITS: [number, string][] = [
  [0x1, "MASTER"], [0x2, "STACK"], [0x4, "ACTIVE"], [0x8, "COLLECTING"], [0x10, "DISTRIBUTING"],
];

/** lagg option bits (LAGG_OPT_*); FLOWIDSHIFT and RR_LIMIT are pseudo options used only to set. */
export const LAGG_OPT = {
  USE_FLOWID: 0x1,
  FLOWIDSHIFT: 0x2,
  USE_NUMA: 0x4,
  LACP_STRICT: 0x10,
  LACP_TXTEST: 0x20,
  LACP_RXTEST: 0x40,
  LACP_FAST_TIMO: 0x80,
  RR_LIMIT: 0x100,
} as const;
export const LAGG_OPT_BITS: [number, string][] = [
  [0x1, "USE_FLOWID"], [0x4, "USE_NUMA"], [0x10, "LACP_STRICT"], [0x20, "LACP_TXTEST"],
  [0x40, "LACP_RXTEST"], [0x80, "LACP_FAST_TIMO"],
];

/** LACP actor/partner state bits (LACP_STATE_BITS). */
export const LACP_STATE = {
  ACTIVITY: 0x1, TIMEOUT: 0x2, AGGREGATION: 0x4, SYNC: 0x8,
  COLLECTING: 0x10, DISTRIBUTING: 0x20, DEFAULTED: 0x40, EXPIRED: 0x80,
} as const;
export const LACP_STATE_BITS: [number, string][] = Object.entries(LACP_STATE).map(([n, v]) => [v, n]);

/** nd6 per-interface flags (ND6_IFF_*). STABLEADDR exists only on FreeBSD 15+. */
export const ND6 = {
  PERFORMNUD: 0x1, ACCEPT_RTADV: 0x2, PREFER_SOURCE: 0x4, IFDISABLED: 0x8, DONT_SET_IFROUTE: 0x10,
  AUTO_LINKLOCAL: 0x20, NO_RADR: 0x40, NO_PREFER_IFACE: 0x80, NO_DAD: 0x100, STABLEADDR: 0x800,
} as const;
const ND6_BITS_14: [number, string][] = [
  [0x1, "PERFORMNUD"], [0x2, "ACCEPT_RTADV"], [0x4, "PREFER_SOURCE"], [0x8, "IFDISABLED"],
  [0x10, "DONT_SET_IFROUTE"], [0x20, "AUTO_LINKLOCAL"], [0x40, "NO_RADR"], [0x80, "NO_PREFER_IFACE"],
  [0x100, "NO_DAD"], [0x8000, "DEFAULTIF"],
];
/** ND6BITS as the ifconfig of the given major version names them. */
export function nd6Bits(major: number): [number, string][] {
  if (major < 15) return ND6_BITS_14;
  return [...ND6_BITS_14.slice(0, 9), [0x800, "STABLEADDR"], ND6_BITS_14[9]];
}

/**
 * printb(3)-style: `name=hex<A,B>`, brackets always printed (ioctl-era printer used for lagg
 * flags, LACP state and nd6 options). Bits without a name are left out of the brackets.
 */
export function printb(label: string, value: number, bits: [number, string][]): string {
  const names = bits.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
  return `${label}=${(value >>> 0).toString(16)}<${names.join(",")}>`;
}

/**
 * The 14+ netlink print_bits: `hex` then `<A,B>` only when a bit is set; bits past the name
 * table print as `PREFIX_n`.
 */
export function printBitsNl(value: number, names: string[], unknownPrefix: string): string {
  const set: string[] = [];
  for (let i = 0; i < 32; i++) {
    if ((value >>> i) & 1) set.push(i < names.length ? names[i] : `${unknownPrefix}_${i}`);
  }
  const hex = (value >>> 0).toString(16);
  return set.length ? `${hex}<${set.join(",")}>` : hex;
}
