// in_status_nl() / in6_status_nl(): the inet and inet6 lines.
import { formatIpv4, prefixToMask } from "./ipv4";
import { formatIpv6, isLinkLocal } from "./ipv6";
import type { Inet6Address, InetAddress, SimInterface } from "./types";

/** `\tinet A netmask 0x... broadcast B` (or `/len`, or a dotted mask, per -f inet:...). */
export function formatInetLine(a: InetAddress, broadcastIf: boolean, format?: "cidr" | "dotted" | "hex"): string {
  let out = `\tinet ${formatIpv4(a.address)}`;
  if (format === "cidr") out += `/${a.prefixLength}`;
  else if (format === "dotted") out += ` netmask ${formatIpv4(prefixToMask(a.prefixLength))}`;
  else out += ` netmask 0x${prefixToMask(a.prefixLength).toString(16)}`;
  if (broadcastIf && a.prefixLength !== 0 && a.broadcast !== undefined) out += ` broadcast ${formatIpv4(a.broadcast)}`;
  return `${out}\n`;
}

// IN6_IFF_* bits in the order print_flags() prints them.
const IN6_FLAG_WORDS: [number, string][] = [
  [0x01, "anycast"], [0x02, "tentative"], [0x04, "duplicated"], [0x08, "detached"],
  [0x10, "deprecated"], [0x40, "autoconf"], [0x80, "temporary"], [0x100, "prefer_source"],
];

/** `\tinet6 A[%if] prefixlen N [flags] [scopeid 0xI]`. */
export function formatInet6Line(iface: SimInterface, a: Inet6Address, format?: "cidr" | "default"): string {
  const scoped = isLinkLocal(a.words);
  let out = `\tinet6 ${formatIpv6(a.words)}${scoped ? `%${iface.name}` : ""}`;
  out += format === "cidr" ? `/${a.prefixLength}` : ` prefixlen ${a.prefixLength}`;
  for (const [bit, word] of IN6_FLAG_WORDS) if (a.flags & bit) out += ` ${word}`;
  if (scoped) out += ` scopeid 0x${iface.index.toString(16)}`;
  return `${out}\n`;
}
