// The IPv6 link-local address in6_ifattach() assigns when an interface comes up.
import { ND6 } from "./bits";
import { isLinkLocal, linkLocalFromMac, parseIpv6 } from "./ipv6";
import type { Kernel } from "./kernel";
import { isUp } from "./link";
import { isZeroMac } from "./mac";
import type { SimInterface } from "./types";

/** An EUI-64 source: the interface's own MAC, else the first interface with a usable one (get_ifid). */
function ifidMac(kernel: Kernel, iface: SimInterface): number[] | null {
  if (iface.mac && !isZeroMac(iface.mac)) return iface.mac;
  return kernel.list().find((i) => i.mac && !isZeroMac(i.mac))?.mac ?? null;
}

/**
 * in6_ifattach(): assigns ::1 (loopback) and the link-local address when the interface is up, IPv6
 * is not disabled and auto_linklocal is on. lagg ports get none (scope-zone rule of if_lagg.c).
 */
export function attachLinkLocal(kernel: Kernel, iface: SimInterface): void {
  if (!isUp(iface) || iface.member) return;
  if (iface.kind === "loop" && !iface.inet6.some((a) => a.words.join() === "0,0,0,0,0,0,0,1")) {
    iface.inet6.push({ words: parseIpv6("::1")!, prefixLength: 128, flags: 0 });
  }
  if (iface.nd6 & ND6.IFDISABLED || !(iface.nd6 & ND6.AUTO_LINKLOCAL)) return;
  if (iface.inet6.some((a) => isLinkLocal(a.words))) return;
  const mac = iface.kind === "loop" ? null : ifidMac(kernel, iface);
  const words = mac ? linkLocalFromMac(mac) : parseIpv6("fe80::1")!;
  iface.inet6.push({ words, prefixLength: 64, flags: 0 });
}
