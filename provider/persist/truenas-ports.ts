// A lagg port's own row in the TrueNAS middleware's database (issue 12 on TrueNAS): recorded before the
// port joins, what joining takes from it, and the interface.update that gives it back when it leaves.
//
// What the middleware does to a member's row (truenas/middleware src/middlewared/middlewared/plugins/
// network.py; line numbers of TN-13.3-U1.2, TN-13.0-U6.8 has the same code 1 line earlier up to 1450 and
// 6 lines earlier after it):
// - `__set_lag_ports` (1450, run by do_create and by do_update with lag_ports): a member that has its
//   own row loses dhcp, ipv4address, ipv6auto, ipv6address, mtu (set to None) and every network_alias
//   row; int_name (description), int_options and disable_offload_capabilities stay. A member without a
//   row gets none. Nothing refuses a NIC with addresses or DHCP as a lag port.
// - `delete_network_interface` (1720): deleting a lagg deletes each member's row too.
// - `__validate_aliases` (1323): a lagg alias whose network overlaps any other interface's configured
//   alias is refused ("The network N is already in use by another interface."), the joining ports' own
//   rows included (validation runs before __set_lag_ports resets them).
// - `_common_validation` (1078): ipv4_dhcp is refused while another interface has DHCP (1107, "Only one
//   interface can be used for DHCP."); a lag port's own row may not set aliases, mtu, ipv4_dhcp or
//   ipv6_auto (1144, "Interface in use by laggN. MTU cannot be changed.").
// - do_update (1511) creates the row when the NIC has none; a disable_offload_capabilities that differs
//   from the row's (None without a row) disables or enables the NIC's capabilities at once.
// - sync (1927) configures every row before it unconfigures (destroys) a lagg no longer in the database.
import { parseCidr } from "../address";
import type { TruenasAlias } from "./truenas";

/** The fields of a NIC's middleware row that are its own (interface.query names). */
export interface TruenasPortRow {
  description: string;
  aliases: TruenasAlias[];
  ipv4_dhcp: boolean;
  ipv6_auto: boolean;
  /** null: the middleware's default (sync sets 1500). */
  mtu: number | null;
  options: string;
  disable_offload_capabilities: boolean;
}

/** A port as the middleware had it before joining: `row` absent = the NIC had no row in the database. */
export interface TruenasPortState {
  row?: TruenasPortRow;
}

/**
 * The ports' states from `midclt call interface.query '[["id","in",PORTS],["description","!=",null]]'`:
 * a NIC has a row exactly when its entry carries a description (iface_extend reports null without a row,
 * "" with one that has none), so a port missing from the answer has none. Undefined when the text is not
 * such a list (the query failed: nothing is known, nothing is recorded).
 */
export function parseTruenasPortRows(ports: readonly string[], text: string): Record<string, TruenasPortState> | undefined {
  let list: unknown;
  try {
    list = JSON.parse(text.trim());
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const entries = list.filter((e): e is Record<string, unknown> => e !== null && typeof e === "object");
  return Object.fromEntries(ports.map((p) => [p, portState(entries.find((e) => e.id === p))]));
}

function portState(e: Record<string, unknown> | undefined): TruenasPortState {
  if (!e || e.description === null || e.description === undefined) return {};
  const aliases = (Array.isArray(e.aliases) ? (e.aliases as Partial<TruenasAlias>[]) : [])
    .filter((a) => a.type === "INET" || a.type === "INET6")
    .map((a) => ({ type: a.type!, address: String(a.address), netmask: Number(a.netmask) }));
  return {
    row: {
      description: String(e.description),
      aliases,
      ipv4_dhcp: e.ipv4_dhcp === true,
      ipv6_auto: e.ipv6_auto === true,
      mtu: typeof e.mtu === "number" ? e.mtu : null,
      options: typeof e.options === "string" ? e.options : "",
      disable_offload_capabilities: e.disable_offload_capabilities === true,
    },
  };
}

const cidr = (a: TruenasAlias) => `${a.address}/${a.netmask}`;

/** Whether the row holds what a lag port's row cannot (and what the lagg's own validation may trip on). */
export function holdsAddresses(state: TruenasPortState): boolean {
  const row = state.row;
  return row !== undefined && (row.aliases.length > 0 || row.ipv4_dhcp || row.ipv6_auto);
}

/** What joining takes from the port's row (__set_lag_ports), for the log; empty when nothing. */
export function truenasJoinLosses(state: TruenasPortState): string[] {
  const row = state.row;
  if (!row) return [];
  const lost = [
    ...(row.aliases.length ? [`its addresses ${row.aliases.map(cidr).join(", ")}`] : []),
    ...(row.ipv4_dhcp ? ["DHCP"] : []),
    ...(row.ipv6_auto ? ["IPv6 autoconfiguration"] : []),
    ...(row.mtu !== null ? [`MTU ${row.mtu}`] : []),
  ];
  return lost.length ? [`its TrueNAS interface row loses ${lost.join(", ")} (the middleware clears them on a lagg port)`] : [];
}

/** Whether two address/prefix pairs share a network (the middleware's overlap test, for one prefix each). */
function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y || x.family !== y.family) return false;
  const bits = Math.min(x.prefixLength, y.prefixLength);
  return networkBits(x.address, bits) === networkBits(y.address, bits);
}

/** The first `bits` bits of an address as a string of 0/1 (IPv4 dotted or IPv6 in any spelling). */
function networkBits(address: string, bits: number): string {
  let words: number[];
  if (address.includes(":")) {
    const [head, tail = ""] = address.split("::");
    const h = head ? head.split(":") : [];
    const t = address.includes("::") && tail ? tail.split(":") : [];
    const fill = address.includes("::") ? Array(8 - h.length - t.length).fill("0") : [];
    words = [...h, ...fill, ...t].map((w) => parseInt(w || "0", 16));
    return words.map((w) => w.toString(2).padStart(16, "0")).join("").slice(0, bits);
  }
  words = address.split(".").map(Number);
  return words.map((w) => w.toString(2).padStart(8, "0")).join("").slice(0, bits);
}

/** What the lagg keeps after the port left (update), which the port's row may not take back. */
export interface LaggKeeps {
  addresses: readonly string[];
  dhcp: boolean;
  ipv6Autoconf: boolean;
}

/** The interface.update that gives a leaving port its row back, and what could not be given back. */
export interface TruenasRestore {
  port: string;
  payload: Record<string, unknown>;
  /** Parts the middleware would refuse while the lagg holds them (logged). */
  withheld: string[];
}

/**
 * The interface.update payload that writes `row` back for `port` (do_update creates the row when the
 * delete took it). Addresses whose network the lagg still carries, and DHCP/autoconf the lagg still
 * uses, are withheld: the middleware refuses them ("already in use", "Only one interface"). The offload
 * flag is sent only when set: an explicit false on a NIC without a row enables every capability.
 */
export function truenasRestore(port: string, row: TruenasPortRow, lagg: LaggKeeps): TruenasRestore {
  const withheld: string[] = [];
  const aliases = row.aliases.filter((a) => {
    const held = lagg.addresses.some((l) => overlaps(cidr(a), l));
    if (held) withheld.push(`${cidr(a)} (the lagg carries that network)`);
    return !held;
  });
  const dhcp = row.ipv4_dhcp && !lagg.dhcp;
  if (row.ipv4_dhcp && !dhcp) withheld.push("DHCP (the lagg uses DHCP)");
  const auto = row.ipv6_auto && !lagg.ipv6Autoconf;
  if (row.ipv6_auto && !auto) withheld.push("IPv6 autoconfiguration (the lagg uses it)");
  const payload: Record<string, unknown> = {
    description: row.description, aliases, ipv4_dhcp: dhcp, ipv6_auto: auto, mtu: row.mtu, options: row.options,
    ...(row.disable_offload_capabilities ? { disable_offload_capabilities: true } : {}),
  };
  return { port, payload, withheld };
}
