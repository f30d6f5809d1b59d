// interface.query (plugins/network.py query + iface_extend) and the filter_list subset it needs.
// Kernel interfaces come first (cloned ones only when the DB has them; lo0 is cloned), then DB rows the
// kernel lacks, flagged `fake`. `state` is py-netif's __getstate__, built from the kernel model.
import { nd6Bits } from "../kernel/bits";
import { formatIpv4 } from "../kernel/ipv4";
import { formatIpv6 } from "../kernel/ipv6";
import type { Kernel } from "../kernel/kernel";
import { formatMac } from "../kernel/mac";
import { describeInterface } from "../kernel/query";
import type { SimInterface } from "../kernel/types";
import type { DbInterface, MiddlewareDb } from "./db";
import { CallError } from "./errors";

/** One entry of interface.query. */
export type ApiInterface = Record<string, unknown> & { id: string; name: string; type: string };

/** interface.type on FreeBSD (type_freebsd.py): by name prefix. */
export function interfaceType(name: string): "LINK_AGGREGATION" | "VLAN" | "BRIDGE" | "PHYSICAL" {
  if (name.startsWith("lagg")) return "LINK_AGGREGATION";
  if (name.startsWith("vlan")) return "VLAN";
  if (name.startsWith("bridge")) return "BRIDGE";
  return "PHYSICAL";
}

function kernelState(kernel: Kernel, iface: SimInterface): Record<string, unknown> {
  const view = describeInterface(kernel, iface.name);
  const aliases: Record<string, unknown>[] = [
    ...iface.inet.map((a) => ({
      type: "INET", address: formatIpv4(a.address), netmask: a.prefixLength,
      ...(a.broadcast !== undefined ? { broadcast: formatIpv4(a.broadcast) } : {}),
    })),
    ...iface.inet6.map((a) => ({ type: "INET6", address: formatIpv6(a.words), netmask: a.prefixLength })),
    ...(iface.mac ? [{ type: "LINK", address: formatMac(iface.mac) }] : []),
  ];
  const state: Record<string, unknown> = {
    name: iface.name,
    orig_name: `${iface.driver}${iface.unit}`,
    description: iface.description ?? "",
    mtu: iface.mtu,
    cloned: iface.kind !== "ether",
    flags: view.flags,
    nd6_flags: nd6Bits(kernel.osMajor).filter(([bit]) => iface.nd6 & bit).map(([, name]) => name),
    capabilities: view.enabledCapabilities,
    link_state: view.linkUp ? "LINK_STATE_UP" : "LINK_STATE_DOWN",
    media_type: "Ethernet",
    media_subtype: "autoselect",
    active_media_type: "Ethernet",
    active_media_subtype: view.linkUp ? "autoselect" : "none",
    supported_media: ["autoselect"],
    media_options: [],
    link_address: view.mac ?? "",
    aliases,
    carp_config: [],
  };
  if (view.lagg) {
    // py-netif LaggInterface: the protocol and port flags by enum name.
    state.protocol = view.lagg.protocol.toUpperCase();
    state.ports = view.lagg.ports.map((p) => ({ name: p.name, flags: p.flags }));
  }
  return state;
}

function fakeState(name: string): Record<string, unknown> {
  return {
    name, aliases: [], link_address: "", cloned: true, mtu: 1500, flags: [], nd6_flags: [], capabilities: [],
    link_state: "", media_type: "", media_subtype: "", active_media_type: "", active_media_subtype: "",
    supported_media: [], media_options: [], carp_config: [],
  };
}

function extend(db: MiddlewareDb, state: Record<string, unknown>, fake: boolean): ApiInterface {
  const name = state.name as string;
  const type = interfaceType(name);
  const iface: ApiInterface = {
    id: name, name, fake, type, state, aliases: [], ipv4_dhcp: db.tables.interfaces.length === 0,
    ipv6_auto: false, description: null, options: "", mtu: null,
  };
  const row: DbInterface | undefined = db.interfaceRow(name);
  if (!row) return iface;
  Object.assign(iface, {
    ipv4_dhcp: row.dhcp, ipv6_auto: row.ipv6auto, description: row.name, options: row.options, mtu: row.mtu,
    disable_offload_capabilities: row.disable_offload_capabilities,
  });
  if (type === "LINK_AGGREGATION") {
    const lagg = db.laggOf(row);
    iface.lag_ports = lagg ? db.membersOf(lagg).map((m) => m.physnic) : [];
    if (lagg) iface.lag_protocol = lagg.protocol.toUpperCase();
  }
  iface.aliases = db.apiAliases(row);
  return iface;
}

/** Every interface as interface.query returns it (no filters). */
export function listInterfaces(db: MiddlewareDb, kernel: Kernel): ApiInterface[] {
  const out: ApiInterface[] = [];
  for (const iface of kernel.list()) {
    if (iface.kind !== "ether" && !db.interfaceRow(iface.name)) continue;
    out.push(extend(db, kernelState(kernel, iface), false));
  }
  for (const row of db.tables.interfaces) {
    if (!out.some((i) => i.name === row.interface)) out.push(extend(db, fakeState(row.interface), true));
  }
  return out;
}

/** A query filter `[field, op, value]`. */
export type QueryFilter = [string, string, unknown];

function lookup(entry: Record<string, unknown>, field: string): unknown {
  return field.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), entry);
}

function matches(entry: Record<string, unknown>, [field, op, value]: QueryFilter): boolean {
  const actual = lookup(entry, field);
  switch (op) {
    case "=": return JSON.stringify(actual) === JSON.stringify(value);
    case "!=": return JSON.stringify(actual) !== JSON.stringify(value);
    case "in": return Array.isArray(value) && value.some((v) => JSON.stringify(v) === JSON.stringify(actual));
    case "nin": return Array.isArray(value) && !value.some((v) => JSON.stringify(v) === JSON.stringify(actual));
    case "^": return typeof actual === "string" && actual.startsWith(String(value));
    case "$": return typeof actual === "string" && actual.endsWith(String(value));
    default: throw new CallError(`Invalid operation: ${op}`, "EINVAL");
  }
}

/**
 * filter_list(): filters ANDed; options `get` (the single entry, MatchNotFound when none), `count`,
 * `limit`, `offset`, `order_by`.
 */
export function filterList(entries: ApiInterface[], filters: unknown, options: unknown): unknown {
  const list = Array.isArray(filters) ? (filters as QueryFilter[]) : [];
  const opts = (options && typeof options === "object" ? options : {}) as Record<string, unknown>;
  let result = entries.filter((e) => list.every((f) => Array.isArray(f) && matches(e, f)));
  for (const key of ((opts.order_by as string[] | undefined) ?? []).slice().reverse()) {
    const desc = key.startsWith("-");
    const field = key.replace(/^-/, "");
    result = result.slice().sort((a, b) => {
      const [x, y] = [String(lookup(a, field)), String(lookup(b, field))];
      return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
    });
  }
  if (typeof opts.offset === "number") result = result.slice(opts.offset);
  if (typeof opts.limit === "number" && opts.limit > 0) result = result.slice(0, opts.limit);
  if (opts.count) return result.length;
  if (opts.get) {
    // middlewared.utils.MatchNotFound (an IndexError with no message): midclt prints only the traceback.
    if (result.length === 0) throw new CallError("", "EINVAL", "middlewared.utils.MatchNotFound");
    return result[0];
  }
  return result;
}
