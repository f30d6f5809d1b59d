// JSON-friendly views of the kernel state, for layers built on the kernel (TrueNAS middleware,
// tests) that should not parse ifconfig text.
import { IFCAP_NAMES, IFF_NAMES, LAGG_OPT_BITS, LAGG_PORT_BITS } from "./bits";
import { formatIpv4 } from "./ipv4";
import { formatIpv6 } from "./ipv6";
import type { Kernel } from "./kernel";
import { laggOptionBits } from "./lagg-config";
import { activePortCount, effectiveFlags, linkUp, portFlags } from "./lagg-view";
import { formatMac } from "./mac";
import type { SimInterface } from "./types";

/** One lagg as the kernel sees it. */
export interface LaggView {
  protocol: string;
  hash: string[];
  /** In if_index order, with the protocol's flags (MASTER, ACTIVE, COLLECTING, DISTRIBUTING). */
  ports: { name: string; flags: string[] }[];
  primary?: string;
  options: string[];
  flowidShift: number;
  rrLimit?: number;
  activePorts: number;
  flapping: number;
}

/** One interface as the kernel sees it. */
export interface InterfaceView {
  name: string;
  index: number;
  kind: "ether" | "lagg" | "loop";
  flags: string[];
  linkUp: boolean;
  carrier: boolean;
  mtu: number;
  mac?: string;
  hwaddr?: string;
  description?: string;
  capabilities: string[];
  enabledCapabilities: string[];
  /** "address/prefix" */
  inet: string[];
  inet6: string[];
  groups: string[];
  /** The lagg this interface is a port of. */
  memberOf?: string;
  lagg?: LaggView;
}

function names(value: number, table: string[]): string[] {
  return table.filter((_, i) => (value >>> i) & 1);
}

function bitNames(value: number, bits: [number, string][]): string[] {
  return bits.filter(([bit]) => value & bit).map(([, name]) => name);
}

function laggView(iface: SimInterface): LaggView {
  const sc = iface.lagg!;
  return {
    protocol: sc.proto,
    hash: ["l2", "l3", "l4"].filter((_, i) => sc.hash & (1 << i)),
    ports: sc.ports.map((p) => ({ name: p.name, flags: bitNames(portFlags(iface, p), LAGG_PORT_BITS) })),
    primary: sc.primary?.name,
    options: bitNames(laggOptionBits(sc), LAGG_OPT_BITS),
    flowidShift: sc.flowidShift,
    rrLimit: sc.proto === "roundrobin" ? sc.stride : undefined,
    activePorts: activePortCount(iface),
    flapping: sc.flapping,
  };
}

/** A snapshot of one interface. */
export function describeInterface(kernel: Kernel, name: string): InterfaceView {
  const iface = kernel.get(name);
  return {
    name: iface.name,
    index: iface.index,
    kind: iface.kind,
    flags: names(effectiveFlags(iface), IFF_NAMES),
    linkUp: linkUp(iface),
    carrier: iface.carrier,
    mtu: iface.mtu,
    mac: iface.mac ? formatMac(iface.mac) : undefined,
    hwaddr: iface.hwaddr ? formatMac(iface.hwaddr) : undefined,
    description: iface.description,
    capabilities: names(iface.capabilities, IFCAP_NAMES),
    enabledCapabilities: names(iface.capenable, IFCAP_NAMES),
    inet: iface.inet.map((a) => `${formatIpv4(a.address)}/${a.prefixLength}`),
    inet6: iface.inet6.map((a) => `${formatIpv6(a.words)}/${a.prefixLength}`),
    groups: [...iface.groups],
    memberOf: iface.member?.lagg.name,
    lagg: iface.lagg ? laggView(iface) : undefined,
  };
}

/** Snapshots of every interface, in if_index order. */
export function describeInterfaces(kernel: Kernel): InterfaceView[] {
  return kernel.list().map((iface) => describeInterface(kernel, iface.name));
}
