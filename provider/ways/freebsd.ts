// The plain FreeBSD change (one apply script: live change, verify, rc.conf edits when persisted, rollback),
// which the rc.conf and "none" ways share: ports that join without a record are read first in the same
// exec (one connection, one exec, one extra round trip), and the change is planned from what the read printed.
import { renderApplyScript, type ApplySpec } from "../script";
import { parseSysrcE, type RcVars } from "../persist/rcconf";
import type { ConfirmJob } from "../operations/confirm";
import { renderConfirmScript } from "../script/safe-apply";
import { portRead, portReadingOf, type PortReading } from "../operations/port-read";
import { newNonce } from "../operations/run";
import { convergeSpec, removalSpec } from "../operations/spec";
import type { ChangeFrom, PlannedRun, ReadFirst, RemovalFrom } from "./way";

/** Only the lagg's own variables and its ports' count as "persisted before" (not cloned_interfaces). */
export const ownVariables = (vars: RcVars | undefined): RcVars | undefined =>
  vars && Object.fromEntries(Object.entries(vars).filter(([k]) => k !== "cloned_interfaces"));

/** What rc.conf held before a re-plan: the `sysrc -e` lines of the script's report (both FreeBSD ways print them). */
export const freebsdPersistedBefore = (persistText: string): RcVars => parseSysrcE(persistText);

/** Ports that join now and have no record yet: their own configuration is read first (in the change's exec). */
function unrecordedJoiningPorts(f: ChangeFrom): string[] {
  const known = f.internal?.portsToRestore ?? {};
  const current = f.actual?.ports ?? [];
  return f.news.ports.filter((p) => !current.includes(p) && !known[p]);
}

/**
 * `f` with what the read of joining ports found recorded in its internal state, and the ports it found
 * down among the prior-down ones: a session lost before the apply's PRIOR-DOWN lines arrived is finished
 * from `f` against a host that shows those ports up in the lagg.
 */
function withReading(f: ChangeFrom, read: PortReading): ChangeFrom {
  const known = f.internal?.portsToRestore ?? {};
  const clonedInterfacesAbsent = f.internal?.clonedInterfacesAbsent ?? (f.operation === "create" && !f.actual ? read.clonedInterfacesAbsent : undefined);
  const priorDownPorts = [...new Set([...f.priorDownPorts, ...read.down])];
  return { ...f, priorDownPorts, internal: { downPortsToRestore: f.priorDownPorts, ...f.internal, portsToRestore: { ...known, ...read.records }, clonedInterfacesAbsent } };
}

/** The confirmation of a commit-confirmed change: its confirm script, within the spec's confirm timeout. */
function confirmJobOf(spec: ApplySpec): ConfirmJob {
  return { name: spec.name, nonce: spec.nonce, script: renderConfirmScript(spec), timeoutSec: spec.safeApply?.confirmTimeoutSec ?? 60 };
}

/** The run of one apply spec; commit-confirmed specs are confirmed with their confirm script. */
export function plannedApply(spec: ApplySpec, notes: string[], from?: ChangeFrom): PlannedRun {
  return {
    kind: "run",
    operation: spec.operation,
    name: spec.name,
    script: { script: renderApplyScript(spec), nonce: spec.nonce },
    confirm: spec.safeApply && {
      job: confirmJobOf(spec),
      whenLost: `the SSH session dropped during ${spec.operation} of ${spec.name}; reconnecting to confirm the change`,
      whenPending: `${spec.name}: the change touches the session's path; confirming it from a fresh connection`,
    },
    notes,
    from,
  };
}

/** The create/update of the FreeBSD way; `logPortLines`: whether what joining takes from the ports' lines is logged. */
export function planFreebsdChange(f: ChangeFrom, logPortLines: boolean): PlannedRun | ReadFirst {
  const plan = (from: ChangeFrom, notes: string[]): PlannedRun => plannedApply(convergeSpec({
    operation: from.operation, nonce: newNonce(), news: from.news, olds: from.olds, actual: from.actual, checkActual: true,
    persistedBefore: ownVariables(from.persistedBefore), portRecords: from.internal?.portsToRestore,
    downPorts: from.internal?.downPortsToRestore ?? from.priorDownPorts, clonedInterfacesAbsent: from.internal?.clonedInterfacesAbsent,
  }), notes, from);
  const joining = unrecordedJoiningPorts(f);
  if (joining.length === 0) return plan(f, []);
  return {
    kind: "read-first",
    name: f.news.name,
    read: portRead(joining),
    plan: (readRun) => {
      const reading = portReadingOf(f.news, joining, readRun);
      return plan(withReading(f, reading), logPortLines ? reading.notes : []);
    },
  };
}

/** The delete of the FreeBSD way. */
export function planFreebsdRemoval(r: RemovalFrom): PlannedRun {
  const { olds } = r;
  const spec = removalSpec(newNonce(), olds, r.internal, olds.persist === "none" ? undefined : ownVariables(r.persistedBefore));
  // auto with no recorded mode (old state): a TrueNAS host refuses the raw script (midclt found, nothing
  // changed) and the delete goes through the middleware (operations/choose-way.ts, wayAfterRefusal).
  if (olds.persist === "auto" && r.persistedMode === undefined) spec.refuseTruenas = true;
  return plannedApply(spec, []);
}
