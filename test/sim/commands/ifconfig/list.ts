// Listing interfaces: ifconfig [-a|-l] [-d|-u] [-g group] [-G group] [-v] [-m] [family], and -g.
import { IFF } from "../../kernel/bits";
import { FormatOptions, formatInterface } from "../../kernel/format-interface";
import type { Kernel } from "../../kernel/kernel";
import { effectiveFlags } from "../../kernel/lagg-view";
import type { SimInterface } from "../../kernel/types";
import type { CommandIo } from "../io";
import type { Family } from "./address";

/** What ifconfig's options asked to list. */
export interface ListRequest {
  namesOnly: boolean;
  upOnly: boolean;
  downOnly: boolean;
  matchGroup?: string;
  noGroup?: string;
  family?: Family;
  /** Restricts the listing to one interface (`ifconfig em0`). */
  ifname?: string;
  format: FormatOptions;
}

/** fnmatch(3) without flags: *, ? and [...] classes. */
export function fnmatch(pattern: string, text: string): boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[" && pattern.indexOf("]", i + 2) > 0) {
      const end = pattern.indexOf("]", i + 2);
      re += `[${pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`).test(text);
}

function groupsOf(iface: SimInterface): string[] {
  return ["all", ...iface.groups];
}

/** match_iface() of ifconfig_netlink.c. */
function matches(iface: SimInterface, request: ListRequest): boolean {
  if (request.ifname !== undefined && iface.name !== request.ifname) return false;
  const up = (effectiveFlags(iface) & IFF.UP) !== 0;
  if ((request.downOnly && up) || (request.upOnly && !up)) return false;
  if (request.matchGroup !== undefined && !groupsOf(iface).some((g) => fnmatch(request.matchGroup!, g))) return false;
  if (request.noGroup !== undefined && groupsOf(iface).some((g) => fnmatch(request.noGroup!, g))) return false;
  if (request.family === "link") return iface.mac !== null;
  if (request.family === "inet") return iface.inet.length > 0;
  if (request.family === "inet6") return iface.inet6.length > 0;
  return true;
}

/** list_interfaces_nl(): names (-l) or full status blocks. */
export function listInterfaces(kernel: Kernel, io: CommandIo, request: ListRequest): void {
  const selected = kernel.list().filter((iface) => matches(iface, request));
  if (request.namesOnly) {
    io.out(`${selected.map((i) => i.name).join(" ")}\n`);
    return;
  }
  const format = { ...request.format, family: request.family };
  for (const iface of selected) io.out(formatInterface(kernel, iface, format));
}

/** printgroup(): `ifconfig -g group` prints the members, one per line. */
export function printGroup(kernel: Kernel, io: CommandIo, group: string): void {
  for (const iface of kernel.list()) if (groupsOf(iface).includes(group)) io.out(`${iface.name}\n`);
}
