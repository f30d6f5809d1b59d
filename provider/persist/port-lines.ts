// A port's own configuration (rc.conf lines and live settings) recorded before it joins a lagg, the
// words it may keep while it is a port, and the edits that give it back when it leaves.
import type { RcConfEdits, RcVars } from "./rcconf";
import { rcName } from "./boot-variables";
import type { TruenasPortState } from "./truenas-ports";

/** What a port had before the lagg claimed it. */
export interface PortRecord {
  /** Its own rc.conf variables (ifconfig_<port>, _ipv6, _aliasN, _descr, _name) as they were; absent ones are not listed. */
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

/** Alias slots read per port (ifconfig_<port>_alias0 .. _alias7). */
const PORT_ALIAS_SLOTS = 8;

/** The rc.conf variables of a port that are its own (network.subr reads them for the port at boot). */
export function portVarNames(port: string): string[] {
  const v = `ifconfig_${rcName(port)}`;
  return [v, `${v}_ipv6`, `${v}_descr`, `${v}_name`, ...Array.from({ length: PORT_ALIAS_SLOTS }, (_, k) => `${v}_alias${k}`)];
}

/** Variables that carry addresses, which a lagg port cannot keep: dropped while it is a port. */
const addressVariable = (port: string, k: string) => {
  const v = `ifconfig_${rcName(port)}`;
  return k === `${v}_ipv6` || (k.startsWith(`${v}_alias`) && /^[0-9]/.test(k.slice(`${v}_alias`.length)));
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
  for (const k of Object.keys(rec.rc).filter((k) => addressVariable(port, k))) out.push(`${k}="${rec.rc[k]}" is removed while ${port} is a lagg port`);
  return out;
}

/**
 * Adds the port-line edits to the lagg's own: joining ports lose their address variables (their
 * ifconfig_<port> value comes from the expected variables), leaving ports get every recorded variable
 * back instead of losing ifconfig_<port>.
 */
export function withPortLines(edits: RcConfEdits, joining: readonly string[], leaving: readonly string[], records: PortRecords): RcConfEdits {
  const set = [...edits.set];
  const unset = new Set(edits.unset);
  for (const p of joining) {
    for (const k of Object.keys(records[p]?.rc ?? {}).filter((k) => addressVariable(p, k))) unset.add(k);
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
