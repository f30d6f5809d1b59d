// A port's own configuration (rc.conf lines and live settings) recorded before it joins a lagg, the
// words it may keep while it is a port, and the edits that give it back when it leaves.
import type { RcConfEdits, RcVars } from "./rcconf";
import { rcName } from "./boot-variables";
import type { TruenasPortState } from "./truenas-ports";

/** What a port had before the lagg claimed it. */
export interface PortRecord {
  /** Its own rc.conf variables (ifconfig_<port>, _ipv6, _aliasN, _aliases, _descr, _name) as they were; absent ones are not listed. */
  rc: RcVars;
  /** Its MTU before joining: a lagg pushes its own MTU to every port, and the port keeps it after leaving (lagg_port_destroy, sys/net/if_lagg.c). */
  mtu?: number;
  /** Its live addresses (CIDR; IPv6 link-local left out): one the lagg takes over is moved, and delete gives it back. */
  addresses?: string[];
  /**
   * TrueNAS CORE: the port's own row in the middleware's database before it joined (`{}`: it had no
   * row), read by the TrueNAS script; given back through interface.update when the port leaves.
   */
  truenas?: TruenasPortState;
}

/** Records by port name. */
export type PortRecords = Record<string, PortRecord>;

/**
 * The suffixes of `ifconfig_<port>_*` network.subr reads for the port itself (the same as a lagg's:
 * boot-variables.ts OWN_SUFFIX): `_ipv6`, `_descr`, `_name`, `_aliases` and every `_alias<digit>...`
 * (ifalias_af_common lists them with list_vars, gaps or not, on 13/14), whatever their number.
 */
const PORT_OWN_SUFFIX = /^(?:ipv6|descr|name|aliases|alias[0-9].*)$/;

/** True when `varName` is one of the port's own rc.conf variables (network.subr reads it for the port at boot). */
export function isPortOwnVariable(port: string, varName: string): boolean {
  const v = `ifconfig_${rcName(port)}`;
  return varName === v || (varName.startsWith(`${v}_`) && PORT_OWN_SUFFIX.test(varName.slice(v.length + 1)));
}

/**
 * The `grep -E` pattern for `sysrc -ae` lines (`name="value"`) of the ports' own variables, listed
 * rather than named, so an alias numbered beyond any fixed count is read too (isPortOwnVariable
 * filters what it matches). Port names are `[a-z]+[0-9]+` (schema), so nothing needs escaping but `.`.
 */
export function portVariablePattern(ports: readonly string[]): string {
  const names = ports.map((p) => `ifconfig_${rcName(p)}`.replace(/[.[\]()*+?{}|^$\\]/g, (c) => `\\${c}`));
  return `^(${names.join("|")})(_(ipv6|descr|name|aliases|alias[0-9][^=]*))?=`;
}

/** Variables that carry addresses, which a lagg port cannot keep: dropped while it is a port. */
const addressVariable = (port: string, k: string) => {
  const v = `ifconfig_${rcName(port)}`;
  return k === `${v}_ipv6` || k === `${v}_aliases` || (k.startsWith(`${v}_alias`) && /^[0-9]/.test(k.slice(`${v}_alias`.length)));
};

/** Words network.subr treats as flags for dhclient/wpa, not ifconfig words (ifconfig_up strips them). */
const DROPPED_FLAGS = new Set(["DHCP", "SYNCDHCP", "NOSYNCDHCP", "WPA", "HOSTAP", "NOAUTO"]);
/** Words followed by one argument that belong to an address (sbin/ifconfig/af_inet.c, af_inet6.c). */
const ADDRESS_ARG_WORDS = new Set(["inet", "inet6", "netmask", "broadcast", "prefixlen", "vhid", "pltime", "vltime"]);
const ADDRESS_WORDS = new Set(["alias", "-alias"]);

/** A port's ifconfig_<port> words split into those it keeps as a lagg port and those removed (with why). */
export interface KeptWords {
  value: string;
  dropped: string[];
}

/**
 * The words of `ifconfig_<port>` a lagg port can keep: its addresses (a lagg port has none; lagg(4)),
 * DHCP and its siblings (dhclient on a port fights the lagg), `mtu N` (a port's MTU is the lagg's:
 * ifconfig on a port answers EINVAL) and `down` are removed; `up` is added first when missing
 * (lagg(4) does not bring ports up). `undefined` (no line) keeps just `up`.
 */
export function keptPortWords(value: string | undefined): KeptWords {
  const words = (value ?? "").trim().split(/\s+/).filter((w) => w !== "");
  const kept: string[] = [];
  const dropped: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (DROPPED_FLAGS.has(w.toUpperCase())) dropped.push(w);
    else if (ADDRESS_ARG_WORDS.has(w) || w === "mtu") {
      dropped.push(words.slice(i, i + 2).join(" "));
      i++;
    } else if (ADDRESS_WORDS.has(w) || w === "down") dropped.push(w);
    else kept.push(w);
  }
  if (!kept.includes("up")) kept.unshift("up");
  return { value: kept.join(" "), dropped };
}

/** The value ifconfig_<port> holds while the port is in the lagg. */
export function portLineInLagg(port: string, rec: PortRecord | undefined): string {
  return keptPortWords(rec?.rc[`ifconfig_${rcName(port)}`]).value;
}

/** What joining removes from a port's own configuration, for the plan's log (empty: nothing lost). */
export function joinLosses(port: string, rec: PortRecord): string[] {
  const v = `ifconfig_${rcName(port)}`;
  const kept = keptPortWords(rec.rc[v]);
  const out = kept.dropped.length ? [`${v}="${rec.rc[v]}" becomes "${kept.value}" (a lagg port cannot keep ${kept.dropped.join(", ")})`] : [];
  for (const k of Object.keys(rec.rc).filter((k) => addressVariable(port, k))) out.push(`${k}="${rec.rc[k]}" is emptied while ${port} is a lagg port`);
  return out;
}

/**
 * Adds the port-line edits to the lagg's own: joining ports' address variables are emptied (their
 * ifconfig_<port> value comes from the expected variables), leaving ports get every recorded variable
 * back instead of losing ifconfig_<port>.
 *
 * Emptied, not removed: sysrc(8) rewrites an existing variable where it stands but appends a new one at
 * the end of the file, so a removed line would come back last and the owner's rc.conf would not be the
 * file it was. An empty value applies nothing at boot (network.subr: ifconfig_IF_ipv6 without `inet6`
 * configures no address; ifalias_af_common stops at an empty ifconfig_IF_aliasN, and every alias of the
 * port is empty; an empty ifconfig_IF_aliases lists none).
 */
export function withPortLines(edits: RcConfEdits, joining: readonly string[], leaving: readonly string[], records: PortRecords): RcConfEdits {
  const set = [...edits.set];
  const unset = new Set(edits.unset);
  for (const p of joining) {
    for (const k of Object.keys(records[p]?.rc ?? {}).filter((k) => addressVariable(p, k) && records[p].rc[k] !== "")) {
      unset.delete(k);
      set.push([k, ""]);
    }
  }
  for (const p of leaving) {
    const rec = records[p];
    if (!rec) continue;
    for (const [k, val] of Object.entries(rec.rc)) {
      unset.delete(k);
      const i = set.findIndex(([s]) => s === k);
      if (i >= 0) set.splice(i, 1);
      set.push([k, val]);
    }
  }
  return { ...edits, set, unset: [...unset] };
}

const addressOf = (cidr: string) => cidr.split("/")[0];
const family = (cidr: string) => (cidr.includes(":") ? "inet6" : "inet");

/** The addresses joining ports carry now that the lagg is to carry: moved off the port, not held twice. */
export function movedAddresses(joining: readonly string[], records: PortRecords, laggAddresses: readonly string[]): { port: string; cidr: string }[] {
  const wanted = new Set(laggAddresses.map(addressOf));
  return joining.flatMap((port) => (records[port]?.addresses ?? []).filter((a) => wanted.has(addressOf(a))).map((cidr) => ({ port, cidr })));
}

/** Argv that takes `cidr` off `port` (before it joins). */
export const addressOffArgv = (port: string, cidr: string) => ["ifconfig", port, family(cidr), addressOf(cidr), "-alias"];
/** Argv that puts `cidr` back on `port` (rollback, or after the lagg is gone). */
export const addressOnArgv = (port: string, cidr: string) => ["ifconfig", port, family(cidr), cidr, "alias"];
