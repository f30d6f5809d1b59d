// delete: destroy the lagg (ports get MAC/MTU/caps back), put formerly-down ports down, unpersist.
import { renderApplyScript } from "../script";
import type { RcVars } from "../persist/rcconf";
import type { LaggInputs } from "../types";
import { newNonce, runOnHost, throwUnlessApplied } from "./run";
import { removalSpec } from "./spec";
import { ownVariables } from "./converge";
import { removeTruenas } from "./truenas";
import type { PersistedView } from "../outputs";

/** Removes the lagg; succeeds without changes when it is already gone. The caller holds the host lock. */
export async function removeLagg(olds: LaggInputs, priorDownPorts: string[], persistedBefore?: RcVars, persistedMode?: PersistedView["mode"]): Promise<void> {
  // A lagg the middleware holds is deleted through it: raw destroy would come back at the next boot.
  if (olds.persist === "truenas" || (olds.persist === "auto" && persistedMode === "truenas")) return removeTruenas(olds);
  const nonce = newNonce();
  const spec = removalSpec(nonce, olds, priorDownPorts, olds.persist === "none" ? undefined : ownVariables(persistedBefore));
  const run = await runOnHost(olds.connection, renderApplyScript(spec), nonce, olds.name);
  throwUnlessApplied(olds.connection, olds.name, "delete", run);
}
