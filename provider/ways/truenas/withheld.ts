// What a leaving port could not get back (issue 18): the middleware refuses a port row an address whose
// network the lagg still carries, or DHCP/autoconf the lagg still uses (truenasRestore), so that part is
// remembered with the port's recorded row and given back by a later change once the lagg lets go of it
// (an update that drops the address, or the delete), as the rc.conf path gives a leaving port every
// recorded line back (pure).
import type { PortRecords } from "../../persist/port-lines";
import { truenasRestore, type LaggKeeps, type TruenasRestore } from "../../persist/truenas-ports";
import type { WithheldRows } from "../../outputs";

/** What the lagg holds after the change, and its ports. */
export interface LaggAfter extends LaggKeeps {
  name: string;
  ports: readonly string[];
}

/** The restores to add, what stays remembered, and the log lines. */
export interface WithheldAfter {
  restores: TruenasRestore[];
  remembered: WithheldRows;
  notes: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Settles the remembered parts for one change: a port remembered earlier that the lagg no longer keeps
 * from it gets its recorded row written back (minus what the lagg still holds); a port that joins again
 * is forgotten (its row is read afresh); `leaving` restores that withheld something are remembered.
 */
export function settleWithheld(before: WithheldRows | undefined, leaving: readonly TruenasRestore[], records: PortRecords | undefined, lagg: LaggAfter): WithheldAfter {
  const restores: TruenasRestore[] = [];
  const remembered: WithheldRows = {};
  const notes: string[] = [];
  for (const [port, w] of Object.entries(before ?? {})) {
    if (lagg.ports.includes(port)) continue;
    const r = truenasRestore(port, w.row, lagg);
    if (sameSet(r.withheld, w.withheld)) {
      remembered[port] = w;
      continue;
    }
    restores.push(r);
    const freed = w.withheld.filter((x) => !r.withheld.includes(x));
    notes.push(`${lagg.name}: port ${port}: ${freed.join(", ")}, withheld when it left, is given back with its recorded row`);
    if (r.withheld.length > 0) remembered[port] = { row: w.row, withheld: r.withheld };
  }
  for (const r of leaving) {
    const row = records?.[r.port]?.truenas?.row;
    if (r.withheld.length > 0 && row) remembered[r.port] = { row, withheld: r.withheld };
  }
  return { restores, remembered, notes };
}
