// status_nl() of sbin/ifconfig (FreeBSD 14+, netlink): one interface block, byte for byte.
import { IFCAP_NAMES, IFF, IFF_NAMES, nd6Bits, printb, printBitsNl } from "./bits";
import { formatInetLine, formatInet6Line } from "./format-addresses";
import { formatLaggStatus } from "./format-lagg";
import type { Kernel } from "./kernel";
import { effectiveFlags, laggMediaActive, linkUp } from "./lagg-view";
import { formatMac, sameMac } from "./mac";
import type { SimInterface } from "./types";

/** What the ifconfig command line asked for. */
export interface FormatOptions {
  /** -v */
  verbose?: boolean;
  /** -m: capabilities= and supported media. */
  supportedMedia?: boolean;
  /** An address family given on the command line limits the output to it. */
  family?: "inet" | "inet6" | "link";
  /** -f inet:cidr|dotted|hex (or IFCONFIG_FORMAT). */
  inetFormat?: "cidr" | "dotted" | "hex";
  /** -f inet6:cidr */
  inet6Format?: "cidr" | "default";
}

function mediaLines(iface: SimInterface, supported: boolean): string {
  if (iface.kind === "loop") return "";
  if (iface.lagg) {
    const status = laggMediaActive(iface) ? "active" : "no carrier";
    return `\tmedia: Ethernet autoselect\n\tstatus: ${status}\n` +
      (supported ? "\tsupported media:\n\t\tmedia autoselect\n" : "");
  }
  const up = linkUp(iface);
  let out = `\tmedia: Ethernet autoselect${up ? ` (${iface.profile?.activeMedia})` : ""}\n`;
  out += `\tstatus: ${up ? "active" : "no carrier"}\n`;
  if (supported) {
    out += "\tsupported media:\n";
    for (const m of iface.profile?.supportedMedia ?? []) out += `\t\tmedia ${m}\n`;
  }
  return out;
}

function linkLines(iface: SimInterface): string {
  if (!iface.mac) return "";
  let out = `\tether ${formatMac(iface.mac)}\n`;
  if (iface.hwaddr && !sameMac(iface.hwaddr, iface.mac)) out += `\thwaddr ${formatMac(iface.hwaddr)}\n`;
  return out;
}

/** The text `ifconfig` prints for one interface (FreeBSD 14 layout). */
export function formatInterface(kernel: Kernel, iface: SimInterface, options: FormatOptions = {}): string {
  const all = options.family === undefined;
  let out = `${iface.name}: flags=${printBitsNl(effectiveFlags(iface), IFF_NAMES, "IFF")}` +
    ` metric ${iface.metric} mtu ${iface.mtu}\n`;
  if (iface.description) out += `\tdescription: ${iface.description}\n`;
  out += `\toptions=${printBitsNl(iface.capenable, IFCAP_NAMES, "IFCAPS")}\n`;
  if (options.supportedMedia) out += `\tcapabilities=${printBitsNl(iface.capabilities, IFCAP_NAMES, "IFCAPS")}\n`;
  if (all || options.family === "link") out += linkLines(iface);
  const broadcast = (iface.flags & IFF.BROADCAST) !== 0;
  if (all || options.family === "inet") {
    for (const a of iface.inet) out += formatInetLine(a, broadcast, options.inetFormat);
  }
  if (all || options.family === "inet6") {
    for (const a of iface.inet6) out += formatInet6Line(iface, a, options.inet6Format);
  }
  if (all) {
    if (iface.lagg) out += formatLaggStatus(iface, options.verbose ?? false);
    if (iface.groups.length) out += `\tgroups: ${iface.groups.join(" ")}\n`;
    out += mediaLines(iface, options.supportedMedia ?? false);
  }
  if ((all || options.family === "inet6") && iface.nd6 !== 0) {
    out += `${printb("\tnd6 options", iface.nd6, nd6Bits(kernel.osMajor))}\n`;
  }
  return out;
}
