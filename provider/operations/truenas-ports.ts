// Issue 12 on TrueNAS: the joining ports' own middleware rows, as the TrueNAS script read them before
// the change (PORT-ROW lines), become the ports' records; what joining took from them is logged the way
// the rc.conf path logs it, and what a leaving port cannot get back while the lagg holds it too.
import type { InternalState } from "../outputs";
import type { PortRecords } from "../persist/port-lines";
import { parseTruenasPortRows, truenasJoinLosses, type TruenasRestore } from "../persist/truenas-ports";
import type { LaggInputs } from "../types";
import { progress, type HostRun } from "./run";

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

/** Logs, per joining port, what the middleware took from its row; returns the records. */
export function truenasPortRecords(news: LaggInputs, run: HostRun): PortRecords {
  const records = portRowRecords(run.outcome.portRows);
  for (const [p, rec] of Object.entries(records)) {
    for (const loss of truenasJoinLosses(rec.truenas!)) progress(news.connection.host, `${news.name}: port ${p}: ${loss}; recorded, given back when ${p} leaves ${news.name}`);
  }
  return records;
}

/** Logs what leaving ports do not get back because the lagg still holds it. */
export function logWithheld(news: LaggInputs, restores: readonly TruenasRestore[]): void {
  for (const r of restores) {
    if (r.withheld.length) progress(news.connection.host, `${news.name}: port ${r.port} leaves; its recorded row is given back without ${r.withheld.join(", ")}`);
  }
}

/**
 * The internal state with the run's TrueNAS rows merged in: a joining port's record (an rc.conf-path
 * read's, with persist "auto") gains its middleware row; the row read now wins over an older one.
 */
export function withTruenasPortRecords(internal: InternalState | undefined, run: HostRun): InternalState | undefined {
  const rows = portRowRecords(run.outcome.portRows);
  if (Object.keys(rows).length === 0) return internal;
  const known = internal?.portsToRestore ?? {};
  const merged: PortRecords = { ...known };
  for (const [p, rec] of Object.entries(rows)) merged[p] = { ...(known[p] ?? { rc: {} }), truenas: rec.truenas };
  return { downPortsToRestore: [], ...internal, portsToRestore: merged };
}
