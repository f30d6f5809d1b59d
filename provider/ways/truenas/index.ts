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

export { isTruenasReport, truenasQueryLine };

/** Keep trying this long past the host's checkin timer, so the report says what the timer did. */
const REPORT_MARGIN_SEC = 15;

function planned(spec: TruenasSpec, notes: string[], from?: ChangeFrom): PlannedRun {
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
    notes: [...notes, ...withheldNotes(spec.name, spec.restoreRows ?? [])],
    from,
  };
}

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
  planChange(f) {
    const read = portsToRead(f);
    if (read.length === 0) return planned(truenasApplySpec(f, newNonce()), [], f);
    const nonce = newNonce();
    const joining = f.news.ports.filter((p) => !(f.actual?.ports ?? []).includes(p));
    return {
      kind: "read-first",
      name: f.news.name,
      read: { script: renderTruenasPortRowRead(read, nonce), nonce },
      plan: (readRun) => {
        const rows: PortRecords = portRowRecords(readRun.outcome.portRows);
        const from = { ...f, internal: withTruenasPortRecords(f.internal, rows) };
        return planned(truenasApplySpec(from, newNonce(), rows), joinNotes(f.news, rows, joining), from);
      },
    };
  },
  planRemoval: (r) => planned(truenasRemovalSpec(r.olds, newNonce(), r.internal), []),
};
