// Issue 12 on TrueNAS: the ports' own middleware rows, as the read before the change printed them
// (PORT-ROW lines, parsed once here), become the ports' records; what joining takes from them, and what
// a leaving port cannot get back while the lagg holds it too, are notes for the log (pure).
import type { InternalState } from "../../outputs";
import type { PortRecords } from "../../persist/port-lines";
import { parseTruenasPortRows, truenasJoinLosses, type TruenasRestore } from "../../persist/truenas-ports";
import type { LaggInputs } from "../../types";

/** The records the run's `PORT-ROW <port,port...> <JSON list>` lines carry (nothing for a line that does not parse). */
export function portRowRecords(portRows: readonly string[] | undefined): PortRecords {
  const out: PortRecords = {};
  for (const line of portRows ?? []) {
    const [names] = line.split(" ", 1);
    const states = parseTruenasPortRows(names.split(","), line.slice(names.length + 1));
    for (const [p, state] of Object.entries(states ?? {})) out[p] = { rc: {}, truenas: state };
  }
  return out;
}

/** Per joining port, what the middleware takes from its row, as log lines. */
export function joinNotes(news: LaggInputs, records: PortRecords, joining: readonly string[]): string[] {
  return joining.flatMap((p) => (records[p]?.truenas ? truenasJoinLosses(records[p].truenas!) : [])
    .map((loss) => `${news.name}: port ${p}: ${loss}; recorded, given back when ${p} leaves ${news.name}`));
}

/** What leaving ports do not get back because the lagg still holds it, as log lines. */
export function withheldNotes(name: string, restores: readonly TruenasRestore[]): string[] {
  return restores.filter((r) => r.withheld.length).map((r) => `${name}: port ${r.port} leaves; its recorded row is given back without ${r.withheld.join(", ")}; remembered, given back once ${name} no longer holds it`);
}

/**
 * The internal state with the rows read now merged in: a port's record (an rc.conf-path read's, with
 * persist "auto") gains its middleware row; the row read now wins over an older one.
 */
export function withTruenasPortRecords(internal: InternalState | undefined, rows: PortRecords): InternalState | undefined {
  if (Object.keys(rows).length === 0) return internal;
  const known = internal?.portsToRestore ?? {};
  const merged: PortRecords = { ...known };
  for (const [p, rec] of Object.entries(rows)) merged[p] = { ...(known[p] ?? { rc: {} }), truenas: rec.truenas };
  return { downPortsToRestore: [], ...internal, portsToRestore: merged };
}
