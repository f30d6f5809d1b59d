// Generic interface ioctls: flags, MTU, description, metric, link-level address, groups, nd6 flags,
// and the physical facts a test can flip (carrier, LACP partner).
import { IFF, ND6 } from "./bits";
import { check } from "./errno";
import type { Kernel } from "./kernel";
import { isUp } from "./link";
import type { Mac } from "./mac";
import type { SimInterface } from "./types";
import { attachLinkLocal } from "./updown";

const IF_MINMTU = 72;
const IF_MAXMTU = 65535;
const CANTCHANGE = IFF.BROADCAST | IFF.POINTOPOINT | IFF.RUNNING | IFF.SIMPLEX | IFF.MULTICAST |
  IFF.ALLMULTI | IFF.PROMISC | IFF.LOOPBACK | IFF.LOWER_UP;
const IN6_IFF_TENTATIVE = 0x02;

/** SIOCSIFFLAGS: sets/clears administrative flags; an up/down transition runs if_up/if_down. */
export function setFlags(kernel: Kernel, name: string, set: number, clear: number): void {
  const iface = kernel.get(name);
  const wanted = ((iface.flags | set) & ~clear) >>> 0;
  const wasUp = isUp(iface);
  iface.flags = ((iface.flags & CANTCHANGE) | (wanted & ~CANTCHANGE)) >>> 0;
  if (!wasUp && isUp(iface)) attachLinkLocal(kernel, iface);
  kernel.notify(iface, set & IFF.UP ? "up" : clear & IFF.UP ? "down" : `flags ${iface.flags.toString(16)}`);
}

/** The driver's SIOCSIFMTU: EINVAL above what the hardware takes. */
export function driverSetMtu(iface: SimInterface, mtu: number): void {
  check(mtu <= iface.maxMtu, "EINVAL", `${iface.name} max mtu ${iface.maxMtu}`);
  iface.mtu = mtu;
}

/**
 * SIOCSIFMTU. A lagg sets every port and reverts them all if one refuses; a lagg port refuses
 * ("Do not allow the MTU to be changed once joined").
 */
export function setMtu(kernel: Kernel, name: string, mtu: number): void {
  const iface = kernel.get(name);
  check(mtu >= IF_MINMTU && mtu <= IF_MAXMTU, "EINVAL", `mtu ${mtu}`);
  check(!iface.member, "EINVAL", `${name} is a lagg port`);
  const sc = iface.lagg;
  if (sc) {
    for (const port of sc.ports) {
      try {
        driverSetMtu(port, mtu);
      } catch (error) {
        kernel.log(`${iface.name}: failed to change MTU to ${mtu} on port ${port.name}, ` +
          `reverting all ports to original MTU (${iface.mtu})`);
        for (const p of sc.ports) if (p.mtu !== iface.mtu && iface.mtu <= p.maxMtu) p.mtu = iface.mtu;
        throw error;
      }
    }
    iface.mtu = mtu;
  } else {
    driverSetMtu(iface, mtu);
  }
  kernel.notify(iface, `mtu ${mtu}`);
}

/** SIOCSIFDESCR; an empty description removes it. */
export function setDescription(kernel: Kernel, name: string, text: string | undefined): void {
  const iface = kernel.get(name);
  iface.description = text === "" ? undefined : text;
  kernel.notify(iface, text ? `description ${text}` : "-description");
}

/** SIOCSIFMETRIC. */
export function setMetric(kernel: Kernel, name: string, metric: number): void {
  const iface = kernel.get(name);
  iface.metric = metric;
  kernel.notify(iface, `metric ${metric}`);
}

/** SIOCSIFLLADDR: a lagg pushes its new address to its ports (lagg_init). */
export function setLinkAddress(kernel: Kernel, name: string, mac: Mac): void {
  const iface = kernel.get(name);
  check(iface.mac !== null, "ENODEV", `${name} has no link-level address`);
  iface.mac = [...mac];
  for (const port of iface.lagg?.ports ?? []) port.mac = [...mac];
  kernel.notify(iface, `ether ${mac.map((b) => b.toString(16).padStart(2, "0")).join(":")}`);
}

/** SIOCAIFGROUP (EEXIST when already a member). */
export function addGroup(kernel: Kernel, name: string, group: string): void {
  const iface = kernel.get(name);
  check(!iface.groups.includes(group), "EEXIST", group);
  iface.groups.push(group);
  kernel.notify(iface, `group ${group}`);
}

/** SIOCDIFGROUP (ENOENT when not a member). */
export function removeGroup(kernel: Kernel, name: string, group: string): void {
  const iface = kernel.get(name);
  check(iface.groups.includes(group), "ENOENT", group);
  iface.groups = iface.groups.filter((g) => g !== group);
  kernel.notify(iface, `-group ${group}`);
}

/**
 * SIOCSIFINFO_IN6 (nd6_ioctl): clearing IFDISABLED on an up interface attaches the link-local
 * address; setting it marks every IPv6 address tentative; enabling auto_linklocal attaches one.
 */
export function setNd6Flags(kernel: Kernel, name: string, set: number, clear: number): void {
  const iface = kernel.get(name);
  const before = iface.nd6;
  iface.nd6 = ((before | set) & ~clear) >>> 0;
  if (before & ND6.IFDISABLED && !(iface.nd6 & ND6.IFDISABLED)) {
    for (const a of iface.inet6) a.flags &= ~IN6_IFF_TENTATIVE;
  } else if (!(before & ND6.IFDISABLED) && iface.nd6 & ND6.IFDISABLED) {
    for (const a of iface.inet6) a.flags |= IN6_IFF_TENTATIVE;
  }
  attachLinkLocal(kernel, iface);
  kernel.notify(iface, `nd6 ${iface.nd6.toString(16)}`);
}

/** Plugs or unplugs the cable of a NIC. */
export function setCarrier(kernel: Kernel, name: string, carrier: boolean): void {
  const iface = kernel.get(name);
  iface.carrier = carrier;
  kernel.notify(iface, carrier ? "link up" : "link down");
}

/** Makes the switch answer (or stop answering) LACPDUs on a port. */
export function setLacpPartner(kernel: Kernel, name: string, present: boolean): void {
  const iface = kernel.get(name);
  iface.lacpPartner = present;
  kernel.notify(iface, present ? "lacp partner present" : "lacp partner absent");
}
