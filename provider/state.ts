// The lagg as a comparable value: built from desired inputs or from what ifconfig printed.
import type { IfconfigInterface } from "./ifconfig/types";
import type { LaggInputs } from "./types";

/** lagg option bits (sys/net/if_lagg.h LAGG_OPT_*), shown by `ifconfig -v` under "lagg options". */
export const LAGG_OPT = { USE_FLOWID: 0x01, USE_NUMA: 0x04, LACP_STRICT: 0x10, LACP_FAST_TIMO: 0x80 } as const;

/**
 * The facts of one lagg that this package manages. Optional fields are "not managed"
 * (desired) or "not observed" (actual); they are compared only when both sides have them.
 */
export interface LaggState {
  name: string;
  protocol: string;
  /** For failover the first entry is the primary; elsewhere order carries no meaning. */
  ports: string[];
  mtu: number;
  description: string;
  /** Canonical CIDRs, IPv4 and IPv6 (link-local excluded). */
  addresses: string[];
  /** l2/l3/l4 in that order. */
  hash: string[];
  lacpFastTimeout?: boolean;
  lacpStrict?: boolean;
  useFlowid?: boolean;
  flowidShift?: number;
  rrLimit?: number;
  up: boolean;
}

/** The state the inputs ask for. */
export function desiredLaggState(inputs: LaggInputs): LaggState {
  const lacp = inputs.protocol === "lacp";
  const flowid = lacp || inputs.protocol === "loadbalance";
  return {
    name: inputs.name,
    protocol: inputs.protocol,
    ports: [...inputs.ports],
    mtu: inputs.mtu,
    description: inputs.description,
    addresses: [...inputs.addresses],
    hash: [...inputs.hash],
    lacpFastTimeout: lacp ? inputs.lacpFastTimeout : undefined,
    lacpStrict: lacp ? inputs.lacpStrict : undefined,
    useFlowid: flowid ? inputs.useFlowid : undefined,
    flowidShift: flowid ? inputs.flowidShift : undefined,
    rrLimit: inputs.protocol === "roundrobin" ? inputs.rrLimit : undefined,
    up: true,
  };
}

/** Which addresses an observation should ignore because something other than us assigns them. */
export interface ObservationHints {
  /** dhclient owns the IPv4 addresses that are not desired. */
  dhcp?: boolean;
  /** rtsold/SLAAC owns `autoconf` IPv6 addresses. */
  ipv6Autoconf?: boolean;
  /** Desired addresses: with dhcp, only IPv4 addresses in this list are reported. */
  desiredAddresses?: string[];
}

/** The hints the inputs `i` give: what their DHCP and SLAAC own, and which addresses they want. */
export function hintsOf(i: { dhcp: boolean; ipv6Autoconf: boolean; addresses: string[] }): ObservationHints {
  return { dhcp: i.dhcp, ipv6Autoconf: i.ipv6Autoconf, desiredAddresses: i.addresses };
}

/** The state an `ifconfig -v` record shows; undefined when the interface is not a lagg. */
export function observedLaggState(iface: IfconfigInterface, hints: ObservationHints = {}): LaggState | undefined {
  const lagg = iface.lagg;
  if (!lagg) return undefined;
  const inet = iface.inet
    .map((a) => `${a.address}/${a.prefixLength}`)
    .filter((cidr) => !hints.dhcp || (hints.desiredAddresses ?? []).includes(cidr));
  const inet6 = iface.inet6
    .filter((a) => !/^fe[89ab]/i.test(a.address))
    .filter((a) => !(hints.ipv6Autoconf && a.flags?.includes("autoconf")))
    .map((a) => `${a.address}/${a.prefixLength}`);
  const master = lagg.ports.find((p) => p.flags.includes("MASTER"));
  const ports = lagg.ports.map((p) => p.name);
  const ordered = master ? [master.name, ...ports.filter((p) => p !== master.name)] : ports;
  const opts = lagg.options;
  const bit = (b: number) => (opts ? (opts.flagsValue & b) !== 0 : undefined);
  return {
    name: iface.name,
    protocol: lagg.protocol,
    ports: ordered,
    mtu: iface.mtu,
    description: iface.description ?? "",
    addresses: [...inet, ...inet6],
    hash: ["l2", "l3", "l4"].filter((h) => lagg.hash.includes(h)),
    lacpFastTimeout: lagg.protocol === "lacp" ? bit(LAGG_OPT.LACP_FAST_TIMO) : undefined,
    lacpStrict: lagg.protocol === "lacp" ? bit(LAGG_OPT.LACP_STRICT) : undefined,
    useFlowid: bit(LAGG_OPT.USE_FLOWID),
    flowidShift: opts?.flowidShift,
    rrLimit: lagg.protocol === "roundrobin" ? opts?.rrLimit : undefined,
    up: iface.flags.includes("UP"),
  };
}

/** True when two port lists mean the same lagg: same set, and for failover the same primary. */
export function samePorts(protocol: string, a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (protocol === "failover" && a[0] !== b[0]) return false;
  const sb = new Set(b);
  return a.every((p) => sb.has(p));
}

/** True when two lists hold the same members, order ignored. */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
}
