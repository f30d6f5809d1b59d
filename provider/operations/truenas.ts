// Runs a TrueNAS CORE change (create/update/delete through the middleware) and, when the session was
// lost or the change touched the session's own path, checks it in from a fresh connection before
// TrueNAS's checkin timer rolls it back. A change that adds ports reads their own middleware rows first,
// in the same exec (issue 12).
import { renderTruenasConfirmScript, renderTruenasPortRowRead, renderTruenasScript, type TruenasSpec } from "../script/truenas";
import { SAFE_RESULT } from "../script/safe-apply";
import type { Connection, LaggInputs } from "../types";
import { SshExecError } from "../ssh";
import { confirmWith, isLostSession } from "./confirm";
import { newNonce, progress, runOnHost, runOnHostAfterRead, throwUnlessApplied, type HostRun, type MarkedScript } from "./run";
import { truenasApplySpec, truenasRemovalSpec, type TruenasFrom } from "./truenas-spec";
import type { InternalState } from "../outputs";
import { logWithheld, truenasPortRecords } from "./truenas-ports";

/** Keep trying this long past the host's checkin timer, so the report says what the timer did. */
const REPORT_MARGIN_SEC = 15;

function confirmJob(spec: TruenasSpec) {
  return { name: spec.name, nonce: spec.nonce, script: renderTruenasConfirmScript(spec), timeoutSec: spec.checkinTimeoutSec + REPORT_MARGIN_SEC };
}

/** A read to run first in the same exec, and the spec planned from what it printed. */
export interface ReadFirst {
  /** The lagg (for the LACP progress lines of the change). */
  name: string;
  read: MarkedScript;
  plan: (readRun: HostRun) => TruenasSpec;
}

/**
 * Runs one TrueNAS script (after `first.read` in the same exec when given); throws the matching error
 * unless the change is in place and checked in. The read's PORT-ROW lines are kept on the returned run.
 */
export async function runTruenas(what: TruenasSpec | ReadFirst, conn: Connection): Promise<HostRun> {
  let spec = "nonce" in what ? what : undefined;
  let portRows: string[] | undefined;
  let run: HostRun;
  try {
    if (spec) run = await runOnHost(conn, renderTruenasScript(spec), spec.nonce, spec.name);
    else {
      const first = what as ReadFirst;
      const runs = await runOnHostAfterRead(conn, first.name, first.read, (readRun) => {
        portRows = readRun.outcome.portRows;
        spec = first.plan(readRun);
        return { script: renderTruenasScript(spec), nonce: spec.nonce };
      });
      if (!runs.apply || !spec) throw new Error(`the TrueNAS change on ${conn.host} was not sent after the ports' read`);
      run = runs.apply;
    }
  } catch (e) {
    // Lost during the read (already read again once), before the change was sent: nothing changed.
    if (!isLostSession(e) || !spec || (e instanceof SshExecError && !e.mayHaveRun && !("nonce" in what))) throw e;
    // The change may be committed and waiting for its checkin; the middleware rolls it back unless
    // someone checks it in within the timeout, so try to be that someone.
    progress(conn.host, `the SSH session dropped during ${spec.operation} of ${spec.name}; reconnecting to check the change in before TrueNAS's ${spec.checkinTimeoutSec} s checkin timer rolls it back`);
    run = await confirmWith(conn, confirmJob(spec));
  }
  if (run.outcome.code === SAFE_RESULT.pending) {
    progress(conn.host, `${spec.name}: the change touches the session's path; checking it in from a fresh connection`);
    run = await confirmWith(conn, confirmJob(spec));
  }
  throwUnlessApplied(conn, spec.name, spec.operation, run);
  return portRows ? { ...run, outcome: { ...run.outcome, portRows } } : run;
}

/**
 * Creates or updates the lagg through the middleware; the caller holds the host lock. Ports that join
 * are read first (their own rows, recorded; what joining takes from them is logged before the change).
 */
export function applyTruenas(f: TruenasFrom): Promise<HostRun> {
  const joining = f.news.ports.filter((p) => !(f.actual?.ports ?? []).includes(p));
  const planned = (spec: TruenasSpec) => {
    logWithheld(f.news, spec.restoreRows ?? []);
    return spec;
  };
  if (joining.length === 0) return runTruenas(planned(truenasApplySpec(f, newNonce())), f.news.connection);
  const nonce = newNonce();
  return runTruenas({
    name: f.news.name,
    read: { script: renderTruenasPortRowRead(joining, nonce), nonce },
    plan: (readRun) => planned(truenasApplySpec(f, newNonce(), truenasPortRecords(f.news, readRun))),
  }, f.news.connection);
}

/** Deletes the lagg through the middleware, giving its ports their recorded rows back; a lagg already gone is not an error. */
export async function removeTruenas(olds: LaggInputs, internal?: InternalState): Promise<void> {
  await runTruenas(truenasRemovalSpec(olds, newNonce(), internal), olds.connection);
}
