// Refresh: one exec of `ifconfig -v <name>` plus the persisted variables.
import { renderReadScript } from "../script";
import { renderLocked } from "../script/render";
import { withHostLock } from "../ssh";
import { observedInputs, jsonSafe, type InternalState, type LaggOutputs } from "../outputs";
import type { LaggInputs } from "../types";
import { newNonce, runOnHost, type HostRun } from "./run";
import { reportNames } from "./spec";
import { observedOutputs } from "./outputs-of";
import { persistReportOf } from "./choose-way";

/**
 * Reads the live lagg and its persisted config. Reading takes no lock, since it never changes
 * anything, except with `afterLock`: after a lost session the script that was running goes on to
 * its end on the host, and the read waits for it instead of seeing a half-done state.
 */
export async function readLive(i: LaggInputs, opts: { afterLock?: boolean } = {}): Promise<HostRun> {
  const nonce = newNonce();
  // auto reads the middleware's row on hosts that have one (`command -v midclt` costs no process).
  const script = renderReadScript(i.name, nonce, reportNames(i), persistReportOf(i));
  return runOnHost(i.connection, opts.afterLock ? renderLocked(`read ${i.name} once the host lock is free`, script) : script, nonce, i.name);
}

/** What refresh found: the machine's host key, and the lagg (undefined when gone or no longer a lagg). */
export interface ReadResult {
  hostKeyFingerprint?: string;
  found?: { outputs: LaggOutputs; inputs: LaggInputs };
}

/** Reads the lagg back for refresh. */
export async function readLagg(recorded: LaggInputs, internal: InternalState): Promise<ReadResult> {
  const run = await withHostLock(recorded.connection, () => readLive(recorded));
  const iface = run.iface;
  if (!iface?.lagg) return { hostKeyFingerprint: run.hostKeyFingerprint };
  const inputs = jsonSafe(observedInputs(recorded, iface));
  return { hostKeyFingerprint: run.hostKeyFingerprint, found: { outputs: observedOutputs(recorded, { ...run, iface }, internal, inputs), inputs } };
}
