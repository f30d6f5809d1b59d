// Outputs after a successful script run: the inputs that now hold, plus status and persistence.
import { laggStatus, jsonSafe, type InternalState, type LaggOutputs, type PersistedView } from "../outputs";
import type { PortRecords } from "../persist/port-lines";
import type { LaggInputs } from "../types";
import type { HostRun } from "./run";
import { wayOfReport } from "./choose-way";

/** The persisted view from a run's report, read by the way whose report it is. */
export function persistedView(i: LaggInputs, persistText: string, portRecords: PortRecords = {}): PersistedView {
  return wayOfReport(i, persistText).view(i, persistText, { downPortsToRestore: [], portsToRestore: portRecords });
}

/** Outputs for inputs the host was verified to match. */
export function appliedOutputs(i: LaggInputs, run: HostRun, internal: InternalState): LaggOutputs {
  if (!run.iface) throw new Error(`${i.name} is missing from the final state the host printed`);
  return observedOutputs(i, { ...run, iface: run.iface }, internal);
}

/**
 * Outputs from what `run` printed: the fields of `shown` (the inputs, or the host's state put into the input
 * fields), status, host identity, and the persisted view judged against `i`.
 */
export function observedOutputs(i: LaggInputs, run: HostRun & { iface: NonNullable<HostRun["iface"]> }, internalOrDownPorts: InternalState | string[], shown: LaggInputs = i): LaggOutputs {
  const internalState = Array.isArray(internalOrDownPorts) ? { downPortsToRestore: internalOrDownPorts } : internalOrDownPorts;
  return jsonSafe({
    ...shown,
    status: laggStatus(run.iface),
    persisted: persistedView(i, run.outcome.persistText, internalState.portsToRestore),
    hostKeyFingerprint: run.hostKeyFingerprint,
    internalState,
  });
}
