// The records parseIfconfig produces: one per interface block of ifconfig(8) output.

/** A bit field as ifconfig prints it: the hex value and the names the binary knew. */
export interface BitField {
  /** The numeric value (ifconfig prints it in hex). Older binaries omit names of newer bits, so compare this. */
  value: number;
  /** The names printed between `<` and `>` (empty when none were printed). */
  names: string[];
}

/** One `laggport:` line of a lagg. */
export interface LaggPortRecord {
  name: string;
  /** Port flags by name: MASTER, STACK, ACTIVE, COLLECTING, DISTRIBUTING (DISABLED on 10.x). */
  flags: string[];
  flagsValue: number;
  /** LACP actor state names (`ifconfig -v`, lacp only), e.g. ACTIVITY, AGGREGATION, SYNC. */
  lacpState?: string[];
  lacpStateValue?: number;
}

/** The lagg(4) part of an interface block. */
export interface LaggRecord {
  /** failover, lacp, loadbalance, roundrobin, broadcast, none (or whatever the host printed). */
  protocol: string;
  /** l2/l3/l4 as printed after `lagghash`; [] when not printed. */
  hash: string[];
  /** Ports in the order ifconfig listed them (kernel ifindex order, not insertion order). */
  ports: LaggPortRecord[];
  /** From `ifconfig -v` only. */
  options?: { flags: string[]; flagsValue: number; flowidShift?: number; rrLimit?: number };
  activePorts?: number;
  flapping?: number;
}

export interface InetAddress {
  address: string;
  prefixLength: number;
  broadcast?: string;
  vhid?: number;
}

export interface Inet6Address {
  /** Without the `%zone` suffix. */
  address: string;
  prefixLength: number;
  scopeId?: number;
  /** Address flags printed after the prefix: autoconf, tentative, deprecated, ... */
  flags?: string[];
  vhid?: number;
}

/** One interface as printed by ifconfig(8). */
export interface IfconfigInterface {
  name: string;
  flags: string[];
  flagsValue: number;
  metric?: number;
  mtu: number;
  description?: string;
  ether?: string;
  hwaddr?: string;
  /** Enabled capabilities (`options=`). value 0 and no names when not printed. */
  capabilities: BitField;
  /** Supported capabilities (`capabilities=`, printed with `-m`). */
  supportedCapabilities?: BitField;
  inet: InetAddress[];
  inet6: Inet6Address[];
  media?: string;
  /** "active", "no carrier", ... */
  status?: string;
  groups: string[];
  nd6?: BitField;
  lagg?: LaggRecord;
}
