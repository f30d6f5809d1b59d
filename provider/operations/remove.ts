// delete: destroy the lagg (ports get MAC/MTU/caps back), put formerly-down ports down, unpersist.
import { renderApplyScript } from "../script";
import type { RcVars } from "../persist/rcconf";
import type { LaggInputs } from "../types";
import { newNonce, progress, runOnHost, throwUnlessApplied, type HostRun } from "./run";
import { isLostSession } from "./confirm";
import { removalSpec } from "./spec";
import { ownVariables } from "./converge";
import { removeTruenas } from "./truenas";
import { TRUENAS_WORD } from "../script/spec";
import type { InternalState, PersistedView } from "../outputs";

/** Removes the lagg; succeeds without changes when it is already gone. The caller holds the host lock. */
export async function removeLagg(olds: LaggInputs, internal: InternalState, persistedBefore?: RcVars, persistedMode?: PersistedView["mode"]): Promise<void> {
  // A lagg the middleware holds is deleted through it: raw destroy would come back at the next boot.
  if (olds.persist === "truenas" || (olds.persist === "auto" && persistedMode === "truenas")) return removeTruenas(olds, internal);
  const once = (): Promise<HostRun> => {
    const nonce = newNonce();
    const spec = removalSpec(nonce, olds, internal, olds.persist === "none" ? undefined : ownVariables(persistedBefore));
    // auto with no recorded mode (old state): a TrueNAS host refuses the raw script (midclt found, nothing
    // changed) and the delete goes through the middleware below.
    if (olds.persist === "auto" && persistedMode === undefined) spec.refuseTruenas = true;
    return runOnHost(olds.connection, renderApplyScript(spec), nonce, olds.name);
  };
  let run: HostRun;
  try {
    run = await once();
  } catch (e) {
    if (!isLostSession(e)) throw e;
    // The orphaned script finishes on the host under the lock; running the delete again waits for
    // it, then finds the lagg gone (done) or still there (it rolled back: the reason is reported).
    progress(olds.connection.host, `the SSH session was lost during delete of ${olds.name}; reconnecting to finish it`);
    run = await once();
  }
  if (run.outcome.word === TRUENAS_WORD && olds.persist === "auto") return removeTruenas(olds, internal);
  throwUnlessApplied(olds.connection, olds.name, "delete", run);
}
