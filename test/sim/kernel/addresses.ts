// IPv4/IPv6 address ioctls (SIOCAIFADDR/SIOCDIFADDR and their IPv6 forms).
import { IFF, ND6 } from "./bits";
import { check } from "./errno";
import { broadcastOf, formatIpv4 } from "./ipv4";
import { formatIpv6, Ipv6Words } from "./ipv6";
import type { Kernel } from "./kernel";
import type { SimInterface } from "./types";
import { attachLinkLocal } from "./updown";

/** An IPv4 address to add. */
export interface InetRequest {
  address: number;
  prefixLength: number;
  broadcast?: number;
}

/**
 * Adds (or updates in place) an IPv4 address. ether_ioctl(SIOCSIFADDR) sets IFF_UP directly (no
 * if_up(), so no link-local address appears here).
 */
export function addInet(kernel: Kernel, name: string, request: InetRequest): void {
  const iface = kernel.get(name);
  const broadcast = iface.flags & IFF.BROADCAST
    ? request.broadcast ?? broadcastOf(request.address, request.prefixLength)
    : undefined;
  const entry = { address: request.address, prefixLength: request.prefixLength, broadcast };
  const existing = iface.inet.findIndex((a) => a.address === request.address);
  if (existing >= 0) iface.inet[existing] = entry;
  else iface.inet.push(entry);
  iface.flags |= IFF.UP;
  kernel.notify(iface, `inet+ ${formatIpv4(request.address)}/${request.prefixLength}`);
}

/**
 * Removes an IPv4 address; without one, removes the first address (SIOCDIFADDR with no address),
 * which is how `ifconfig IF inet A/len` replaces the primary address. EADDRNOTAVAIL when missing.
 */
export function deleteInet(kernel: Kernel, name: string, address?: number): void {
  const iface = kernel.get(name);
  if (address === undefined) {
    const first = iface.inet.shift();
    if (first) kernel.notify(iface, `inet- ${formatIpv4(first.address)}`);
    return;
  }
  const index = iface.inet.findIndex((a) => a.address === address);
  check(index >= 0, "EADDRNOTAVAIL", formatIpv4(address));
  iface.inet.splice(index, 1);
  kernel.notify(iface, `inet- ${formatIpv4(address)}`);
}

function sameWords(a: Ipv6Words, b: Ipv6Words): boolean {
  return a.every((w, i) => w === b[i]);
}

/**
 * Adds (or updates) an IPv6 address. Like an IPv4 address it sets IFF_UP; adding one to an
 * IFDISABLED interface clears the flag (in6_control), which attaches the link-local address.
 */
export function addInet6(kernel: Kernel, name: string, words: Ipv6Words, prefixLength: number, flags = 0): void {
  const iface = kernel.get(name);
  const existing = iface.inet6.find((a) => sameWords(a.words, words));
  if (existing) Object.assign(existing, { prefixLength, flags });
  else iface.inet6.push({ words: [...words], prefixLength, flags });
  iface.flags |= IFF.UP;
  if (iface.nd6 & ND6.IFDISABLED) {
    iface.nd6 &= ~ND6.IFDISABLED;
    attachLinkLocal(kernel, iface);
  }
  kernel.notify(iface, `inet6+ ${formatIpv6(words)}/${prefixLength}`);
}

/** Removes an IPv6 address (EADDRNOTAVAIL when it is not configured). */
export function deleteInet6(kernel: Kernel, name: string, words: Ipv6Words): void {
  const iface = kernel.get(name);
  const index = iface.inet6.findIndex((a) => sameWords(a.words, words));
  check(index >= 0, "EADDRNOTAVAIL", formatIpv6(words));
  iface.inet6.splice(index, 1);
  kernel.notify(iface, `inet6- ${formatIpv6(words)}`);
}

/** in6_ifdetach(): drops every IPv6 address of the interface. */
export function wipeInet6(kernel: Kernel, iface: SimInterface): void {
  if (iface.inet6.length === 0) return;
  iface.inet6 = [];
  kernel.notify(iface, "inet6 wiped");
}
