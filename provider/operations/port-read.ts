// Before ports join a lagg: one read of their own rc.conf lines and live MTU (changes nothing), so the
// change can keep what a port may keep and a later update or delete can give the rest back.
import { parseIfconfig } from "../ifconfig/parse";
import { parseSysrcE } from "../persist/rcconf";
import { joinLosses, portVarNames, type PortRecords } from "../persist/port-lines";
import { shQuote } from "../shell";
import { HEADER } from "../script/locked";
import type { LaggInputs } from "../types";
import { newNonce, progress, runOnHost } from "./run";

/** The read script: `ifconfig <port>` for each port, then `sysrc -e` of their variables and cloned_interfaces. */
export function renderPortReadScript(ports: readonly string[], nonce: string): string {
  const names = ["cloned_interfaces", ...ports.flatMap(portVarNames)];
  return [
    `# pulumi-freebsd-lagg: read the own configuration of ${ports.join(" ")}`,
    ...HEADER,
    `unset IFCONFIG_FORMAT`,
    `M=${shQuote(nonce)}`,
    `printf '%s STATE-BEGIN\\n' "$M"`,
    ...ports.map((p) => `ifconfig ${shQuote(p)} 2>/dev/null`),
    `printf '%s STATE-END\\n%s PERSIST-BEGIN\\n' "$M" "$M"`,
    `sysrc -e ${names.map(shQuote).join(" ")} 2>/dev/null`,
    `printf '%s PERSIST-END\\n%s RESULT 0 ok\\n' "$M" "$M"`,
    ``,
  ].join("\n");
}

/** What the ports had, and whether `cloned_interfaces` was set at all. */
export interface PortReading {
  records: PortRecords;
  clonedInterfacesAbsent: boolean;
}

/** Reads `ports`' own configuration and logs what joining will remove from it. */
export async function readPorts(news: LaggInputs, ports: readonly string[]): Promise<PortReading> {
  const nonce = newNonce();
  const run = await runOnHost(news.connection, renderPortReadScript(ports, nonce), nonce, news.name);
  const ifaces = parseIfconfig(run.outcome.stateText);
  const vars = parseSysrcE(run.outcome.persistText);
  const records: PortRecords = {};
  for (const p of ports) {
    const own = new Set(portVarNames(p));
    const rc = Object.fromEntries(Object.entries(vars).filter(([k]) => own.has(k)));
    const mtu = ifaces.find((i) => i.name === p)?.mtu;
    records[p] = { rc, ...(mtu !== undefined ? { mtu } : {}) };
    if (news.persist !== "none") {
      for (const loss of joinLosses(p, records[p])) progress(news.connection.host, `${news.name}: port ${p}: ${loss}; recorded, given back when ${p} leaves ${news.name}`);
    }
  }
  return { records, clonedInterfacesAbsent: !("cloned_interfaces" in vars) };
}
