// rc.conf persistence (plain FreeBSD): the variables network.subr reads at boot, and the sysrc
// edits that move rc.conf from one lagg definition to another.
import { parseCidr } from "../address";
import type { LaggInputs } from "../types";
import { laggBootVariable } from "./boot-variables";
import { laggOptionWords } from "./words";

/** rc.conf variables for one lagg, by name (cloned_interfaces is handled as a list edit). */
export type RcVars = Record<string, string>;

/** Subset of inputs that decides the persisted config. */
export type RcConfInputs = Pick<LaggInputs, "name" | "protocol" | "ports" | "mtu" | "description" | "addresses" | "dhcp" | "ipv6Autoconf" | "hash" | "lacpFastTimeout" | "lacpStrict" | "useFlowid" | "flowidShift" | "rrLimit" | "options" | "disableHardwareOffload"> & { capabilityWords?: string[] };

export { rcName } from "./boot-variables";
import { rcName } from "./boot-variables";

const inet6Words = (address: string, prefixLength: number) => `inet6 ${address} prefixlen ${prefixLength}`;

/**
 * The variables that recreate the lagg at boot (lagg(4) EXAMPLES, libexec/rc/network.subr), written so
 * that boot ends in the state the live apply verified:
 * - `ifconfig_laggN` runs as `ifconfig laggN <words>` (ifconfig_up, after DHCP/NOAUTO/... are taken
 *   out), so the first IPv4 address goes first as `inet A/P`: an address family keyword counts only
 *   directly after the interface name (sbin/ifconfig/ifconfig.c, the argument loop; later it is
 *   `inet: bad value` and the address is lost), and ifconfig sets the address after every other word
 *   anyway, as the live apply does. Then protocol, ports in order (the first is the failover primary
 *   and sets the lagg's MTU and MAC), hash and options, capability words, and MTU after the ports
 *   (pushed to every port, as live), DHCP last.
 * - `ifconfig_laggN_ipv6` (must start with "inet6"; boot runs `inet6 -ifdisabled` first) carries the
 *   first IPv6 address and accept_rtadv; without it network.subr skips the IPv6 aliases (ipv6if).
 * - `ifconfig_laggN_aliasK` from 0: further IPv4 addresses in order (boot applies every IPv4 alias
 *   before any IPv6 one), then further IPv6 ones. No gaps, for releases that stop at the first one.
 * - `ifconfig_laggN_descr` (not `_description`, which nothing reads): passes through `eval echo` at
 *   boot; check refuses descriptions that would not survive it (schema/description.ts).
 * - `ifconfig_<port>="up"`: lagg(4) does not bring its ports up.
 */
export function rcConfVariables(i: RcConfInputs): RcVars {
  const v = rcName(i.name);
  const cidrs = i.addresses.map((a) => parseCidr(a)).filter((c): c is NonNullable<typeof c> => c !== undefined);
  const v4 = cidrs.filter((c) => c.family === 4);
  const v6 = cidrs.filter((c) => c.family === 6);
  // With DHCP, check refuses static IPv4 addresses; should one be recorded anyway, dhclient owns the first.
  const first4 = i.dhcp ? undefined : v4[0];
  const words = [...(first4 ? [`inet ${first4.address}/${first4.prefixLength}`] : []), `laggproto ${i.protocol}`, ...i.ports.map((p) => `laggport ${p}`)];
  words.push(...laggOptionWords(i));
  words.push(...(i.capabilityWords ?? []), `mtu ${i.mtu}`);
  if (i.dhcp) words.push("DHCP");
  const vars: RcVars = { [`ifconfig_${v}`]: words.join(" ") };
  const v6first = v6.shift();
  if (v6first || i.ipv6Autoconf) {
    vars[`ifconfig_${v}_ipv6`] = [v6first ? inet6Words(v6first.address, v6first.prefixLength) : "inet6", ...(i.ipv6Autoconf ? ["accept_rtadv"] : [])].join(" ");
  }
  const aliases = [
    ...(first4 ? v4.slice(1) : v4).map((c) => `inet ${c.address}/${c.prefixLength}`),
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
  cloned?: { op: "add" | "remove"; name: string; unsetIfEmpty?: boolean };
}

const PORT_VARIABLE = /^ifconfig_[a-z]+[0-9]+$/;

/**
 * Minimal edits: changed or new variables are set; variables in `before` that are no longer
 * produced are removed (the lagg's own, found by laggBootVariable, hand-added ones included, and
 * ports' variables), never `cloned_interfaces` (a shared list, edited as a list) nor variables of
 * other interfaces whose rc.conf name merely starts like the lagg's (`ifconfig_lagg0_100` is the
 * VLAN lagg0.100's) or that configure others (`vlans_lagg0`). The lagg is listed in
 * `cloned_interfaces` exactly while it has variables.
 */
export function planRcConfEdits(name: string, before: RcVars | undefined, after: RcVars): RcConfEdits {
  const prev = before ?? {};
  const listed = Object.keys(after).length > 0;
  // Ports' variables are `ifconfig_<driver><unit>`; anything else a host reports is not ours to remove.
  const removable = (k: string) => laggBootVariable(name, k) || PORT_VARIABLE.test(k);
  return {
    set: Object.entries(after).filter(([k, val]) => prev[k] !== val),
    unset: Object.keys(prev).filter((k) => !(k in after) && removable(k)),
    cloned: { op: listed ? "add" : "remove", name },
  };
}

/**
 * Names to read back with `sysrc -e` besides the listing of every variable boot applies to the lagg
 * (script/persist-report.ts lists them by prefix, so the host's aliases are seen whatever their number
 * and count): `cloned_interfaces` and the ports' `ifconfig_<port>`. The lagg's main names are kept for
 * readers of this list; the report drops those the listing covers.
 */
export function rcVarNames(name: string, ports: readonly string[]): string[] {
  const v = rcName(name);
  return ["cloned_interfaces", `ifconfig_${v}`, `ifconfig_${v}_ipv6`, `ifconfig_${v}_descr`, ...ports.map((p) => `ifconfig_${rcName(p)}`)];
}

/**
 * True when the persisted variables are exactly the ones `expected` would write: the lagg is cloned at
 * boot, every expected variable holds its value, and boot would apply nothing else to the lagg
 * (laggBootVariable: a hand-added `ifconfig_laggN_alias7`, even an empty one, which stops older
 * releases' alias loop, is drift).
 */
export function rcConfInSync(name: string, observed: RcVars, expected: RcVars): boolean {
  const cloned = (observed.cloned_interfaces ?? "").split(/\s+/).includes(name);
  const noExtra = Object.keys(observed).every((k) => !laggBootVariable(name, k) || k in expected);
  const allThere = Object.entries(expected).every(([k, val]) => observed[k] === val);
  return cloned && noExtra && allThere;
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

/** The persisted view compared with what the inputs write, and the sysrc edits that make them equal. */
export interface RcConfReconciliation {
  inSync: boolean;
  /** Variables boot applies to the lagg that the inputs do not write (hand-added): removed by `edits`. */
  extra: string[];
  edits: RcConfEdits;
}

/**
 * Given every rc.conf variable the host listed for the lagg (laggBootVariablePrefixes, plus
 * `cloned_interfaces` and the ports' `ifconfig_<port>`), decides whether boot would bring back
 * exactly `expected` and which `sysrc` edits make it so.
 */
export function reconcileRcConf(name: string, observed: RcVars, expected: RcVars): RcConfReconciliation {
  const inSync = rcConfInSync(name, observed, expected);
  const extra = Object.keys(observed).filter((k) => laggBootVariable(name, k) && !(k in expected));
  return { inSync, extra, edits: planRcConfEdits(name, observed, expected) };
}
