// The TrueNAS CORE middleware (reference §7): the change goes through midclt (interface.create/update/
// delete, interface.commit with rollback armed, interface.checkin), never raw ifconfig, because the
// middleware's next sync undoes what its database does not hold. A change whose ports have no record
// yet (joining, or an adopted lagg's) reads their own rows first, in the same exec (issue 12); a change
// left waiting, or cut off by a lost session, is checked in from a fresh connection before TrueNAS's
// checkin timer rolls it back.
import { isTruenasReport, parseTruenasQuery, truenasInSync, truenasVariables } from "../../persist/truenas";
import { renderTruenasConfirmScript, renderTruenasPortRowRead, renderTruenasScript, truenasQueryLine, type TruenasSpec } from "../../script/truenas";
import { newNonce } from "../../operations/run";
import type { PortRecords } from "../../persist/port-lines";
import type { ChangeFrom, PersistWay, PlannedRun } from "../way";
import { truenasApplySpec, truenasRemovalSpec } from "./spec";
import { joinNotes, portRowRecords, withheldNotes, withTruenasPortRecords } from "./ports";
import { settleWithheld, type LaggAfter as Keeps } from "./withheld";
import type { WithheldRows } from "../../outputs";

/** What the lagg holds after the change; a delete (no `from`) passes the withheld rows it starts from. */
type LaggAfter = Keeps & { withheldBefore?: WithheldRows };

export { isTruenasReport, truenasQueryLine };

/** Keep trying this long past the host's checkin timer, so the report says what the timer did. */
const REPORT_MARGIN_SEC = 15;

/**
 * The run of `spec`, with the rows withheld from ports that left earlier given back where the lagg after
 * this change (`lagg`) no longer holds them, and what leaving ports cannot get back now remembered once it applied.
 */
function planned(base: TruenasSpec, notes: string[], lagg: LaggAfter, from?: ChangeFrom): PlannedRun {
  const leaving = base.restoreRows ?? [];
  const w = settleWithheld(from?.internal?.withheldRows ?? lagg.withheldBefore, leaving, from?.internal?.portsToRestore, lagg);
  const spec = { ...base, restoreRows: [...leaving, ...w.restores] };
  return {
    kind: "run",
    operation: spec.operation,
    name: spec.name,
    script: { script: renderTruenasScript(spec), nonce: spec.nonce },
    // Even a change that did not touch the session's path may be committed and waiting for its checkin
    // when the session is lost; the middleware rolls it back unless someone checks it in: be that someone.
    confirm: {
      job: { name: spec.name, nonce: spec.nonce, script: renderTruenasConfirmScript(spec), timeoutSec: spec.checkinTimeoutSec + REPORT_MARGIN_SEC },
      whenLost: `the SSH session dropped during ${spec.operation} of ${spec.name}; reconnecting to check the change in before TrueNAS's ${spec.checkinTimeoutSec} s checkin timer rolls it back`,
      whenPending: `${spec.name}: the change touches the session's path; checking it in from a fresh connection`,
    },
    notes: [...notes, ...withheldNotes(spec.name, leaving), ...w.notes],
    from,
    recordAfter: { withheldRows: Object.keys(w.remembered).length ? w.remembered : undefined },
  };
}

/** What the lagg holds after a create/update of `news` (what a port row may not take back). */
const after = (news: ChangeFrom["news"]): LaggAfter => ({ name: news.name, ports: news.ports, addresses: news.addresses, dhcp: news.dhcp, ipv6Autoconf: news.ipv6Autoconf });

/**
 * Ports whose own rows are read before the change: every joining port (its row loses its addresses now),
 * and a port already in the lagg without a TrueNAS record (an adopted lagg's: the delete takes its row).
 */
function portsToRead(f: ChangeFrom): string[] {
  const current = f.actual?.ports ?? [];
  const known = f.internal?.portsToRestore ?? {};
  return f.news.ports.filter((p) => !current.includes(p) || !known[p]?.truenas);
}

/** The TrueNAS middleware way. */
export const truenasWay: PersistWay = {
  mode: "truenas",
  view(i, persistText) {
    const row = parseTruenasQuery(persistText);
    const variables = row ? truenasVariables(row) : {};
    return { mode: "truenas", variables, inSync: row !== undefined && truenasInSync(variables, i) };
  },
  // Its plans never look at rc.conf variables: the row is read by the change's own script.
  persistedBefore: () => undefined,
  planChange(f) {
    const read = portsToRead(f);
    if (read.length === 0) return planned(truenasApplySpec(f, newNonce()), [], after(f.news), f);
    const nonce = newNonce();
    const joining = f.news.ports.filter((p) => !(f.actual?.ports ?? []).includes(p));
    return {
      kind: "read-first",
      name: f.news.name,
      read: { script: renderTruenasPortRowRead(read, nonce), nonce },
      plan: (readRun) => {
        const rows: PortRecords = portRowRecords(readRun.outcome.portRows);
        const from = { ...f, internal: withTruenasPortRecords(f.internal, rows) };
        return planned(truenasApplySpec(from, newNonce(), rows), joinNotes(f.news, rows, joining), after(f.news), from);
      },
    };
  },
  // The lagg gone holds nothing: every part withheld from ports that left earlier is given back too.
  planRemoval: (r) => planned(truenasRemovalSpec(r.olds, newNonce(), r.internal), [],
    { name: r.olds.name, ports: [], addresses: [], dhcp: false, ipv6Autoconf: false, withheldBefore: r.internal.withheldRows }),
};
