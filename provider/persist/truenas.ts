// TrueNAS CORE persistence (reference §7): the inputs as an `interface.create` / `interface.update`
// payload for the middleware, the DB row read back as comparable variables, and the one rule the
// middleware cannot honour (it makes the alphabetically first member the failover primary).
import { parseCidr } from "../address";
import type { LaggInputs } from "../types";
import { laggOptionWords } from "./words";

/** One `interface_alias` entry. */
export interface TruenasAlias {
  type: "INET" | "INET6";
  address: string;
  netmask: number;
}

/** The `interface_update` fields this package manages (interface_create adds `type` and `name`). */
export interface TruenasUpdatePayload {
  lag_protocol: string;
  lag_ports: string[];
  description: string;
  aliases: TruenasAlias[];
  ipv4_dhcp: boolean;
  ipv6_auto: boolean;
  /** null = the middleware's default (1500 at sync). */
  mtu: number | null;
  disable_offload_capabilities: boolean;
  options: string;
}

/** The `interface_create` payload. */
export interface TruenasCreatePayload extends TruenasUpdatePayload {
  type: "LINK_AGGREGATION";
  name: string;
}

/** Inputs that decide the middleware's row. */
export type TruenasInputs = Pick<LaggInputs, "name" | "protocol" | "ports" | "mtu" | "description" | "addresses" | "dhcp" | "ipv6Autoconf" | "hash" | "lacpFastTimeout" | "lacpStrict" | "useFlowid" | "flowidShift" | "rrLimit" | "options" | "disableHardwareOffload">;

/**
 * The free-form `options` the middleware runs as `ifconfig NAME <options>` at every sync: the lagg
 * option words and the capability words of `options`. Never `mtu` (the middleware rejects it: the
 * MTU has its own field); the offload list is `disable_offload_capabilities`, not words.
 */
export function truenasOptions(i: TruenasInputs): string {
  return [...laggOptionWords(i, { hashForEveryProtocol: true }), ...i.options].join(" ");
}

/** Addresses as `interface_alias` entries, in input order. */
export function truenasAliases(addresses: readonly string[]): TruenasAlias[] {
  return addresses.flatMap((a) => {
    const c = parseCidr(a);
    return c ? [{ type: c.family === 4 ? ("INET" as const) : ("INET6" as const), address: c.address, netmask: c.prefixLength }] : [];
  });
}

/** The `interface.update` payload: every managed field, so the row ends exactly as the inputs say. */
export function truenasUpdatePayload(i: TruenasInputs): TruenasUpdatePayload {
  return {
    lag_protocol: i.protocol.toUpperCase(),
    lag_ports: [...i.ports],
    description: i.description,
    aliases: truenasAliases(i.addresses),
    ipv4_dhcp: i.dhcp,
    ipv6_auto: i.ipv6Autoconf,
    mtu: i.mtu === 1500 ? null : i.mtu,
    disable_offload_capabilities: i.disableHardwareOffload,
    options: truenasOptions(i),
  };
}

/** The `interface.create` payload. */
export function truenasCreatePayload(i: TruenasInputs): TruenasCreatePayload {
  return { type: "LINK_AGGREGATION", name: i.name, ...truenasUpdatePayload(i) };
}

/** The managed fields of a middleware row as strings (the `persisted.variables` output). */
export type TruenasVars = Record<string, string>;

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/**
 * The managed fields of an `interface.query` row (or of a payload) as strings: lists space-joined,
 * aliases as sorted CIDRs (their order carries no meaning), a null MTU as "".
 */
export function truenasVariables(row: Record<string, unknown>): TruenasVars {
  const aliases = Array.isArray(row.aliases) ? (row.aliases as Partial<TruenasAlias>[]) : [];
  return {
    lag_protocol: str(row.lag_protocol),
    lag_ports: Array.isArray(row.lag_ports) ? row.lag_ports.map(str).join(" ") : "",
    description: str(row.description),
    aliases: aliases.map((a) => `${str(a.address)}/${str(a.netmask)}`).sort().join(" "),
    ipv4_dhcp: str(row.ipv4_dhcp === true),
    ipv6_auto: str(row.ipv6_auto === true),
    mtu: str(row.mtu),
    disable_offload_capabilities: str(row.disable_offload_capabilities === true),
    options: str(row.options),
  };
}

/** True when the middleware's row holds what the inputs would write. */
export function truenasInSync(observed: TruenasVars, i: TruenasInputs): boolean {
  const expected = truenasVariables(truenasUpdatePayload(i) as unknown as Record<string, unknown>);
  return Object.entries(expected).every(([k, v]) => observed[k] === v);
}

/**
 * The lagg's row from `midclt call interface.query '[["id", "=", NAME]]'` output (a JSON list);
 * undefined when the list is empty or the text is not such a list.
 */
export function parseTruenasQuery(text: string): Record<string, unknown> | undefined {
  try {
    const rows = JSON.parse(text.trim()) as unknown;
    const row = Array.isArray(rows) ? rows[0] : undefined;
    return row && typeof row === "object" ? (row as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a script's persisted report is the middleware's answer (JSON) rather than `sysrc -e` lines. */
export const isTruenasReport = (text: string) => text.trimStart().startsWith("[");

/** py-netif reads a lagg's ports into `lport[16]` (netif/lagg.pyx): with 17+ every commit fails (EEXIST). */
export const TRUENAS_MAX_LAGG_PORTS = 16;

/** Why the middleware cannot hold this many ports, or undefined. */
export function truenasPortLimitProblem(i: Pick<LaggInputs, "ports">): string | undefined {
  if (i.ports.length <= TRUENAS_MAX_LAGG_PORTS) return undefined;
  return `TrueNAS holds at most ${TRUENAS_MAX_LAGG_PORTS} ports per lagg (py-netif reads ${TRUENAS_MAX_LAGG_PORTS}; with more, every commit fails with EEXIST), got ${i.ports.length}`;
}

/**
 * Why `disableHardwareOffload: true` cannot be honoured through the middleware, or undefined. Its
 * interface.create disables offload on the new lagg before the lagg exists in the kernel, so it fails
 * after the database write (KeyError); and lag_setup re-adds the ports at every boot, which recomputes
 * the lagg's capabilities from theirs, so offload set on the lagg's row comes back on.
 */
export function truenasOffloadProblem(i: Pick<LaggInputs, "disableHardwareOffload">): string | undefined {
  if (!i.disableHardwareOffload) return undefined;
  return "TrueNAS cannot keep offload off on the lagg itself (interface.create fails after its database write, and the lagg takes its ports' capabilities again at every boot); leave disableHardwareOffload false and tick \"Disable Hardware Offloading\" on each member NIC under Network > Interfaces instead (the lagg then inherits it)";
}

/**
 * Why the middleware cannot give the inputs their failover primary, or undefined. Its sync orders
 * members by NIC name (reference §7.4), so the primary is always the alphabetically first port.
 */
export function truenasPrimaryProblem(i: Pick<LaggInputs, "protocol" | "ports">): string | undefined {
  if (i.protocol !== "failover" || i.ports.length < 2) return undefined;
  const first = [...i.ports].sort()[0];
  if (i.ports[0] === first) return undefined;
  return `TrueNAS makes the alphabetically first port the failover primary (its sync orders members by name), so ${i.ports[0]} cannot be the primary; list ${first} first`;
}
