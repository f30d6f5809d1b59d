// Derived lagg/interface state as ifconfig reports it: port flags per protocol, link, status.
import { IFF, LAGG_PORT } from "./bits";
import { activeAggregator, lacpNegotiated } from "./lacp";
import { isUp, nicLinkUp, portActive } from "./link";
import type { SimInterface } from "./types";

/** if_link_state == UP: any port with link (lacp: a negotiated aggregator). */
export function linkUp(iface: SimInterface): boolean {
  const sc = iface.lagg;
  if (!sc) return nicLinkUp(iface);
  if (sc.proto === "lacp") return activeAggregator(iface).length > 0;
  return sc.ports.some(nicLinkUp);
}

/** lagg_link_active(sc, sc_primary): the primary if active, else the next, else the first active. */
export function linkActivePort(lagg: SimInterface): SimInterface | null {
  const sc = lagg.lagg;
  if (!sc) return null;
  const primary = sc.primary;
  if (primary) {
    if (portActive(primary)) return primary;
    const next = sc.ports[sc.ports.indexOf(primary) + 1];
    if (next && portActive(next)) return next;
  }
  return sc.ports.find(portActive) ?? null;
}

/** rp_flags of a port as lagg_port2req() computes them for the lagg's protocol. */
export function portFlags(lagg: SimInterface, port: SimInterface): number {
  const sc = lagg.lagg;
  if (!sc) return 0;
  switch (sc.proto) {
    case "failover":
      return (port === sc.primary ? LAGG_PORT.MASTER : 0) | (port === linkActivePort(lagg) ? LAGG_PORT.ACTIVE : 0);
    case "roundrobin":
    case "loadbalance":
    case "broadcast":
      return portActive(port) ? LAGG_PORT.ACTIVE : 0;
    case "lacp": {
      if (!lacpNegotiated(lagg, port)) return 0;
      const active = activeAggregator(lagg).includes(port) ? LAGG_PORT.ACTIVE : 0;
      return active | LAGG_PORT.COLLECTING | LAGG_PORT.DISTRIBUTING;
    }
    default:
      return 0;
  }
}

/** `active ports:` of `ifconfig -v` (ro_active). */
export function activePortCount(lagg: SimInterface): number {
  const sc = lagg.lagg;
  if (!sc) return 0;
  if (sc.proto === "lacp") return activeAggregator(lagg).length;
  return sc.ports.filter(portActive).length;
}

/** lagg_media_status: `status: active` when any port is LAGG_PORTACTIVE. */
export function laggMediaActive(lagg: SimInterface): boolean {
  return (lagg.lagg?.ports ?? []).some(portActive);
}

/** if_flags as printed: administrative flags plus RUNNING, PROMISC and LOWER_UP. */
export function effectiveFlags(iface: SimInterface): number {
  let flags = iface.flags;
  if (isUp(iface)) flags |= IFF.RUNNING;
  if (flags & IFF.PPROMISC) flags |= IFF.PROMISC;
  if (iface.member && iface.member.lagg.flags & IFF.PPROMISC) flags |= IFF.PROMISC;
  if (linkUp(iface)) flags |= IFF.LOWER_UP;
  return flags >>> 0;
}

/**
 * Whether traffic to an address on this interface gets through: a NIC must be up with carrier and
 * not be a lagg port (lagg steals its input); a lagg must be up with at least one ACTIVE port.
 */
export function carriesTraffic(iface: SimInterface): boolean {
  if (!isUp(iface)) return false;
  if (iface.kind === "loop") return true;
  const sc = iface.lagg;
  if (sc) return sc.ports.some((p) => (portFlags(iface, p) & LAGG_PORT.ACTIVE) !== 0);
  return nicLinkUp(iface) && !iface.member;
}
