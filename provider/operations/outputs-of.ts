// Outputs after a successful script run: the inputs that now hold, plus status and persistence.
import { laggStatus, jsonSafe, type LaggOutputs, type PersistedView } from "../outputs";
import { parseSysrcE, rcConfInSync } from "../persist/rcconf";
import type { LaggInputs } from "../types";
import type { HostRun } from "./run";
import { persistedVariables, persistMode } from "./spec";

/** The persisted view from a run's `sysrc -e` report. */
export function persistedView(i: LaggInputs, persistText: string): PersistedView {
  const mode = persistMode(i);
  const variables = parseSysrcE(persistText);
  const inSync = mode === "none" || rcConfInSync(i.name, variables, persistedVariables(i));
  return { mode, variables, inSync };
}

/** Outputs for inputs the host was verified to match. */
export function appliedOutputs(i: LaggInputs, run: HostRun, priorDownPorts: string[]): LaggOutputs {
  if (!run.iface) throw new Error(`${i.name} is missing from the final state the host printed`);
  return jsonSafe({ ...i, status: laggStatus(run.iface), persisted: persistedView(i, run.outcome.persistText), priorDownPorts });
}
