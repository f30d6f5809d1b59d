// delete: destroy the lagg (ports get MAC/MTU/caps back), put formerly-down ports down, unpersist.
import { renderApplyScript } from "../script";
import type { RcVars } from "../persist/rcconf";
import type { LaggInputs } from "../types";
import { newNonce, runOnHost, throwUnlessApplied } from "./run";
import { removalSpec } from "./spec";
import { ownVariables } from "./converge";

/** Removes the lagg; succeeds without changes when it is already gone. The caller holds the host lock. */
export async function removeLagg(olds: LaggInputs, priorDownPorts: string[], persistedBefore?: RcVars): Promise<void> {
  const nonce = newNonce();
  const spec = removalSpec(nonce, olds, priorDownPorts, olds.persist === "none" ? undefined : ownVariables(persistedBefore));
  const run = await runOnHost(olds.connection, renderApplyScript(spec), nonce, olds.name);
  throwUnlessApplied(olds.connection, olds.name, "delete", run);
}
