// Outputs after a successful script run: the inputs that now hold, plus status and persistence.
import { laggStatus, jsonSafe, type InternalState, type LaggOutputs, type PersistedView } from "../outputs";
import type { PortRecords } from "../persist/port-lines";
import { parseSysrcE, rcConfInSync } from "../persist/rcconf";
import type { LaggInputs } from "../types";
import type { HostRun } from "./run";
import { persistedVariables, persistMode } from "./spec";
import { isTruenasReport, parseTruenasQuery, truenasInSync, truenasVariables } from "../persist/truenas";

/**
 * The persisted view from a run's report: `sysrc -e` lines, or (TrueNAS) the middleware's row as
 * JSON, told apart by its first character.
 */
export function persistedView(i: LaggInputs, persistText: string, portRecords: PortRecords = {}): PersistedView {
  if (i.persist !== "none" && isTruenasReport(persistText)) {
    const row = parseTruenasQuery(persistText);
    const variables = row ? truenasVariables(row) : {};
    return { mode: "truenas", variables, inSync: row !== undefined && truenasInSync(variables, i) };
  }
  const mode = persistMode(i);
  const variables = parseSysrcE(persistText);
  const inSync = mode === "none" || rcConfInSync(i.name, variables, persistedVariables(i, portRecords));
  return { mode, variables, inSync };
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
