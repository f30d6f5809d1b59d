// Runs a TrueNAS CORE change (create/update/delete through the middleware) and, when the session was
// lost or the change touched the session's own path, checks it in from a fresh connection before
// TrueNAS's checkin timer rolls it back.
import { renderTruenasConfirmScript, renderTruenasScript, type TruenasSpec } from "../script/truenas";
import { SAFE_RESULT } from "../script/safe-apply";
import type { Connection, LaggInputs } from "../types";
import { confirmWith, isLostSession } from "./confirm";
import { newNonce, progress, runOnHost, throwUnlessApplied, type HostRun } from "./run";
import { truenasApplySpec, truenasRemovalSpec, type TruenasFrom } from "./truenas-spec";

/** Keep trying this long past the host's checkin timer, so the report says what the timer did. */
const REPORT_MARGIN_SEC = 15;

function confirmJob(spec: TruenasSpec) {
  return { name: spec.name, nonce: spec.nonce, script: renderTruenasConfirmScript(spec), timeoutSec: spec.checkinTimeoutSec + REPORT_MARGIN_SEC };
}

/** Runs one TrueNAS script; throws the matching error unless the change is in place and checked in. */
export async function runTruenas(spec: TruenasSpec, conn: Connection): Promise<HostRun> {
  let run: HostRun;
  try {
    run = await runOnHost(conn, renderTruenasScript(spec), spec.nonce, spec.name);
  } catch (e) {
    if (!isLostSession(e)) throw e;
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
  return run;
}

/** Creates or updates the lagg through the middleware; the caller holds the host lock. */
export function applyTruenas(f: TruenasFrom): Promise<HostRun> {
  return runTruenas(truenasApplySpec(f, newNonce()), f.news.connection);
}

/** Deletes the lagg through the middleware; a lagg already gone is not an error. */
export async function removeTruenas(olds: LaggInputs): Promise<void> {
  await runTruenas(truenasRemovalSpec(olds, newNonce()), olds.connection);
}
