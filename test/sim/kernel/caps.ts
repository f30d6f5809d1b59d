// Capabilities (SIOCSIFCAP): iflib driver toggling and lagg_capabilities() intersection/propagation.
import { IFCAP } from "./bits";
import type { Kernel } from "./kernel";
import type { SimInterface } from "./types";

const RXCSUM_BOTH = (IFCAP.RXCSUM | IFCAP.RXCSUM_IPV6) >>> 0;

/** The driver's own SIOCSIFCAP: flips the requested bits it can toggle (iflib_if_ioctl). */
export function driverSetCaps(iface: SimInterface, reqcap: number): void {
  if (iface.kind === "loop") {
    iface.capenable = (reqcap & iface.capabilities) >>> 0;
    return;
  }
  const profile = iface.profile;
  const mask = (reqcap ^ iface.capenable) & iface.capabilities;
  let setmask = mask & (profile?.toggleable ?? 0xffffffff);
  // iflib: "If any RX csum has changed, change all the ones that are supported by the driver."
  if (profile?.linkedRxcsum && setmask & RXCSUM_BOTH) setmask |= iface.capabilities & RXCSUM_BOTH;
  iface.capenable = (iface.capenable ^ setmask) >>> 0;
}

/** lagg_capabilities(): enabled = what every port has enabled (pushed back to the ports). */
export function laggCapabilities(lagg: SimInterface): void {
  const ports = lagg.lagg?.ports ?? [];
  let ena = ports.length ? ports.reduce((acc, p) => acc & p.capenable, 0xffffffff) >>> 0 : 0;
  let previous: number;
  do {
    previous = ena;
    for (const port of ports) {
      if (port.capenable !== ena) driverSetCaps(port, ena);
      ena = (ena & port.capenable) >>> 0;
    }
  } while (previous !== ena);
  lagg.capabilities = ports.length ? ports.reduce((acc, p) => acc & p.capabilities, 0xffffffff) >>> 0 : 0;
  lagg.capenable = ena;
}

/**
 * SIOCSIFCAP with `reqcap` (ifconfig already masked it with the supported set). On a lagg every port
 * gets the request; on a lagg port the lagg then re-imposes the common set on all its ports.
 */
export function setCapabilities(kernel: Kernel, name: string, reqcap: number): void {
  const iface = kernel.get(name);
  if (iface.lagg) {
    for (const port of iface.lagg.ports) driverSetCaps(port, reqcap);
    laggCapabilities(iface);
  } else {
    driverSetCaps(iface, reqcap);
    if (iface.member) laggCapabilities(iface.member.lagg);
  }
  kernel.notify(iface, `capabilities ${iface.capenable.toString(16)}`);
}
