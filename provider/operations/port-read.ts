// Before ports join a lagg: a read of their own rc.conf lines and live MTU (changes nothing), so the
// change can keep what a port may keep and a later update or delete can give the rest back. It runs as
// the first part of the change's own exec (runOnHostAfterRead): the change is planned from what it printed.
import { parseIfconfig } from "../ifconfig/parse";
import { parseSysrcE } from "../persist/rcconf";
import { isPortOwnVariable, joinLosses, portVariablePattern, type PortRecords } from "../persist/port-lines";
import { shQuote } from "../shell";
import { renderMarkedRead } from "../script/read";
import type { LaggInputs } from "../types";
import { newNonce, type HostRun, type MarkedScript } from "./run";

/** A line the read prints (in `sysrc -e` form) when no rc.conf file sets cloned_interfaces. */
const CLONED_ABSENT = "lagg_provider_cloned_interfaces_absent";

/** The read script: `ifconfig <port>` for each port, then every variable of theirs (`sysrc -ae`, filtered), and whether rc.conf sets cloned_interfaces. */
export function renderPortReadScript(ports: readonly string[], nonce: string): string {
  return renderMarkedRead(`read the own configuration of ${ports.join(" ")}`, nonce, ports.map((p) => `ifconfig ${shQuote(p)} 2>/dev/null`), [
    // Listed, not named: the host's aliases are read whatever their number (ifconfig_igb2_alias12 too).
    `{ sysrc -ae 2>/dev/null | grep -E ${shQuote(portVariablePattern(ports))}; } || :`,
    // sysrc answers with /etc/defaults/rc.conf's empty value for a variable no rc.conf sets: ask the files.
    `grep -qs '^[[:space:]]*cloned_interfaces=' /etc/rc.conf /etc/rc.conf.local || echo '${CLONED_ABSENT}="1"'`,
  ]);
}

/** What the ports had, and whether `cloned_interfaces` was set at all. */
export interface PortReading {
  records: PortRecords;
  clonedInterfacesAbsent: boolean;
  /** What joining takes from each port's own lines, for the log once the change applied (never before a refusal). */
  notes: string[];
  /**
   * The ports that were administratively down before the change (as its PRIOR-DOWN lines say): read
   * before anything changed, so they are known even when the session is cut before those lines arrive.
   */
  down: string[];
}

/** The read of `ports`' own configuration, sent as the first part of the change's exec (runOnHostAfterRead). */
export function portRead(ports: readonly string[]): MarkedScript {
  const nonce = newNonce();
  return { script: renderPortReadScript(ports, nonce), nonce };
}

/** What the read of `ports` found (from its run), and what joining will remove from each port (notes). */
export function portReadingOf(news: LaggInputs, ports: readonly string[], run: HostRun): PortReading {
  const ifaces = parseIfconfig(run.outcome.stateText);
  const vars = parseSysrcE(run.outcome.persistText);
  const records: PortRecords = {};
  const notes: string[] = [];
  const down: string[] = [];
  for (const p of ports) {
    const rc = Object.fromEntries(Object.entries(vars).filter(([k]) => isPortOwnVariable(p, k)));
    const live = ifaces.find((i) => i.name === p);
    const addresses = live ? [...live.inet, ...live.inet6.filter((a) => !a.address.toLowerCase().startsWith("fe80:"))].map((a) => `${a.address}/${a.prefixLength}`) : [];
    records[p] = { rc, ...(live ? { mtu: live.mtu } : {}), ...(addresses.length ? { addresses } : {}) };
    if (live && !live.flags.includes("UP")) down.push(p);
    for (const loss of joinLosses(p, records[p])) notes.push(`${news.name}: port ${p}: ${loss}; recorded, given back when ${p} leaves ${news.name}`);
  }
  return { records, clonedInterfacesAbsent: CLONED_ABSENT in vars, notes, down };
}
