// IPv4/IPv6 address ioctls (SIOCAIFADDR/SIOCDIFADDR and their IPv6 forms).
import { IFF, ND6 } from "./bits";
import { check } from "./errno";
import { broadcastOf, formatIpv4 } from "./ipv4";
import { formatIpv6, isLinkLocal, Ipv6Words } from "./ipv6";
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
 * Adds an IPv4 address. An address that already exists is replaced, new mask included, and the new entry goes
 * to the end of the list: in_aifaddr_ioctl() calls in_difaddr_ioctl() on the old `ia`, then allocates a new
 * one and CK_STAILQ_INSERT_TAILs it (sys/netinet/in.c, releng/13.2 and 14.1). So `alias 192.0.2.10/25` over
 * 192.0.2.10/24 replaces it, and a later `-alias 192.0.2.10` leaves no address. ether_ioctl(SIOCSIFADDR)
 * sets IFF_UP directly (no if_up(), so no link-local address appears here).
 *
 * The same address on another interface is accepted without a word: in_aifaddr_ioctl() only looks for it on
 * this interface, and when another one already holds it (in_localip_more) the new entry shares the existing
 * loopback route instead of adding one; the same prefix on another interface is accepted too (in_addprefix
 * adds no second prefix route), unless net.inet.ip.no_same_prefix=1 (default 0: not modelled), which makes it
 * EEXIST (sys/netinet/in.c, releng/14.1). The provider's preflight refuses such an address instead.
 */
export function addInet(kernel: Kernel, name: string, request: InetRequest): void {
  const iface = kernel.get(name);
  const broadcast = iface.flags & IFF.BROADCAST
    ? request.broadcast ?? broadcastOf(request.address, request.prefixLength)
    : undefined;
  const entry = { address: request.address, prefixLength: request.prefixLength, broadcast };
  const existing = iface.inet.findIndex((a) => a.address === request.address);
  if (existing >= 0) {
    iface.inet.splice(existing, 1);
    kernel.notify(iface, `inet- ${formatIpv4(request.address)}`);
  }
  iface.inet.push(entry);
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
 * Adds (or updates the flags of) an IPv6 address. The prefix length of an existing address cannot change:
 * in6_update_ifa() returns EINVAL ("We prohibit changing the prefix length of an existing address",
 * sys/netinet6/in6.c, releng/13.2 and 14.1); ifconfig then prints `ioctl (SIOCAIFADDR): Invalid argument`. Like an IPv4 address it sets IFF_UP; adding one to an
 * IFDISABLED interface clears the flag (in6_control), which attaches the link-local address.
 *
 * A global address another interface already holds is refused with EEXIST (`ioctl (SIOCAIFADDR): File
 * exists`), unlike IPv4: in6_notify_ifa() adds the loopback route to self with ifa_add_loopback_route(), which
 * answers EEXIST because the other interface's route is there (ifa_maintain_loopback_route returns it, only
 * leaving it out of the log), in6_notify_ifa returns that error and in6_update_ifa() unlinks the new address
 * (sys/netinet6/in6.c and sys/net/if.c / route, releng/13.2 and 14.1; inferred from the code path, not run on
 * a host). Link-local addresses are per interface (their scope zone is the interface), so they never clash.
 */
export function addInet6(kernel: Kernel, name: string, words: Ipv6Words, prefixLength: number, flags = 0): void {
  const iface = kernel.get(name);
  const existing = iface.inet6.find((a) => sameWords(a.words, words));
  check(!existing || existing.prefixLength === prefixLength, "EINVAL", "the prefix length of an existing address should not be changed");
  if (!existing && !isLinkLocal(words)) {
    const holder = kernel.list().find((other) => other !== iface && other.inet6.some((a) => sameWords(a.words, words)));
    check(!holder, "EEXIST", `${formatIpv6(words)} is an address of ${holder?.name}`);
  }
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
