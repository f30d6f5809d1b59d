// Link state of NICs and the LAGG_PORTACTIVE test every lagg protocol builds on.
import { IFF } from "./bits";
import type { SimInterface } from "./types";

/** IFF_UP is set. */
export function isUp(iface: SimInterface): boolean {
  return (iface.flags & IFF.UP) !== 0;
}

/**
 * if_link_state == LINK_STATE_UP for a NIC or lo0. iflib drivers (em, igb, ix) stop the MAC when
 * the interface is down, so a NIC reports link only while it is up and has carrier, and (with a
 * simulated autonegotiation delay, kernel/link-timers.ts) only once the driver has reported it.
 */
export function nicLinkUp(iface: SimInterface): boolean {
  if (iface.kind === "loop") return isUp(iface);
  return iface.carrier && isUp(iface) && !iface.linkPending;
}

/** LAGG_PORTACTIVE(): the port has link and is IFF_UP. */
export function portActive(port: SimInterface): boolean {
  return nicLinkUp(port) && isUp(port);
}
