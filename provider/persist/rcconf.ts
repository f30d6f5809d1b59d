// rc.conf persistence (plain FreeBSD): the variables network.subr reads at boot, and the sysrc
// edits that move rc.conf from one lagg definition to another.
import { parseCidr } from "../address";
import type { LaggInputs } from "../types";
import { laggOptionWords } from "./words";

/** rc.conf variables for one lagg, by name (cloned_interfaces is handled as a list edit). */
export type RcVars = Record<string, string>;

/** Subset of inputs that decides the persisted config. */
export type RcConfInputs = Pick<LaggInputs, "name" | "protocol" | "ports" | "mtu" | "description" | "addresses" | "dhcp" | "ipv6Autoconf" | "hash" | "lacpFastTimeout" | "lacpStrict" | "useFlowid" | "flowidShift" | "rrLimit" | "options" | "disableHardwareOffload"> & { capabilityWords?: string[] };

/** network.subr's variable-name form of an interface name (`.-/+` become `_`). */
export const rcName = (ifname: string) => ifname.replace(/[.\-/+]/g, "_");

const inet6Words = (address: string, prefixLength: number) => `inet6 ${address} prefixlen ${prefixLength}`;

/**
 * The variables that recreate the lagg at boot (lagg(4) EXAMPLES, network.subr): `ifconfig_laggN`
 * (protocol, ports in order so the first is the failover primary, hash, options, MTU, the first
 * IPv4 address, DHCP), `ifconfig_laggN_ipv6` (must start with "inet6"), `ifconfig_laggN_aliasK`
 * (numbered from 0 without gaps: network.subr stops at the first missing number),
 * `ifconfig_laggN_descr` (not `_description`, which nothing reads) and `ifconfig_<port>="up"`.
 */
export function rcConfVariables(i: RcConfInputs): RcVars {
  const v = rcName(i.name);
  const words = [`laggproto ${i.protocol}`, ...i.ports.map((p) => `laggport ${p}`)];
  words.push(...laggOptionWords(i));
  words.push(...(i.capabilityWords ?? []), `mtu ${i.mtu}`);
  const cidrs = i.addresses.map((a) => parseCidr(a)).filter((c): c is NonNullable<typeof c> => c !== undefined);
  const v4 = cidrs.filter((c) => c.family === 4);
  const v6 = cidrs.filter((c) => c.family === 6);
  if (i.dhcp) words.push("DHCP");
  else if (v4.length > 0) words.push(`inet ${v4[0].address}/${v4[0].prefixLength}`);
  const vars: RcVars = { [`ifconfig_${v}`]: words.join(" ") };
  const v6first = v6.shift();
  if (v6first || i.ipv6Autoconf) {
    vars[`ifconfig_${v}_ipv6`] = [v6first ? inet6Words(v6first.address, v6first.prefixLength) : "inet6", ...(i.ipv6Autoconf ? ["accept_rtadv"] : [])].join(" ");
  }
  const aliases = [
    ...(i.dhcp ? v4 : v4.slice(1)).map((c) => `inet ${c.address}/${c.prefixLength}`),
    ...v6.map((c) => inet6Words(c.address, c.prefixLength)),
  ];
  aliases.forEach((a, k) => (vars[`ifconfig_${v}_alias${k}`] = a));
  if (i.description !== "") vars[`ifconfig_${v}_descr`] = i.description;
  for (const p of i.ports) vars[`ifconfig_${rcName(p)}`] = "up";
  return vars;
}

/** The sysrc edits from one variable set to another (undefined = nothing persisted before). */
export interface RcConfEdits {
  set: [string, string][];
  unset: string[];
  /** Add the lagg to, or remove it from, `cloned_interfaces` (a list: `sysrc name+=item` / `-=`). */
  cloned?: { op: "add" | "remove"; name: string };
}

/**
 * Minimal edits: changed or new variables are set, variables no longer produced are removed, and
 * the lagg is listed in `cloned_interfaces` exactly while it has variables.
 */
export function planRcConfEdits(name: string, before: RcVars | undefined, after: RcVars): RcConfEdits {
  const prev = before ?? {};
  const listed = Object.keys(after).length > 0;
  return {
    set: Object.entries(after).filter(([k, val]) => prev[k] !== val),
    unset: Object.keys(prev).filter((k) => !(k in after)),
    cloned: { op: listed ? "add" : "remove", name },
  };
}

/** Names to read back with `sysrc -e`: the lagg's variables, spare alias slots, and its ports'. */
export function rcVarNames(name: string, ports: readonly string[], aliasCount: number): string[] {
  const v = rcName(name);
  const aliases = Array.from({ length: aliasCount + 4 }, (_, k) => `ifconfig_${v}_alias${k}`);
  return ["cloned_interfaces", `ifconfig_${v}`, `ifconfig_${v}_ipv6`, `ifconfig_${v}_descr`, ...aliases, ...ports.map((p) => `ifconfig_${rcName(p)}`)];
}

/** True when the persisted variables are the ones `expected` would write (and the lagg is cloned at boot). */
export function rcConfInSync(name: string, observed: RcVars, expected: RcVars): boolean {
  const v = rcName(name);
  const cloned = (observed.cloned_interfaces ?? "").split(/\s+/).includes(name);
  const ours = Object.keys(observed).filter((k) => k === `ifconfig_${v}` || k.startsWith(`ifconfig_${v}_`));
  const sameOurs = ours.every((k) => expected[k] === observed[k]);
  const allThere = Object.entries(expected).every(([k, val]) => observed[k] === val);
  return cloned && sameOurs && allThere;
}

/**
 * Parses `sysrc -e` output: `name="value"` per line, where sysrc prints the value as sh evaluates
 * it, between quotes and without escaping (values never span lines: the schema refuses control
 * characters). Lines that are not assignments (errors for unset names) are skipped.
 */
export function parseSysrcE(text: string): RcVars {
  const out: RcVars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)="(.*)"$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
