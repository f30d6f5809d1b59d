// Builds the ApplySpec for converging a lagg: plan, rollback plan, checks, persistence edits.
import { capabilityWords } from "../capabilities";
import { planLaggChanges, planLaggRemoval } from "../plan";
import { planRcConfEdits, rcConfVariables, rcVarNames, type RcVars } from "../persist/rcconf";
import type { ApplySpec } from "../script";
import { gateFor } from "./lacp-gate";
import { desiredLaggState, type LaggState } from "../state";
import type { LaggInputs } from "../types";

/** The persistence mode an inputs set resolves to before the host is seen. */
export function persistMode(i: Pick<LaggInputs, "persist">): "rc.conf" | "none" {
  return i.persist === "none" ? "none" : "rc.conf";
}

/** The rc.conf variables the inputs persist ({} when not persisted). */
export function persistedVariables(i: LaggInputs): RcVars {
  return persistMode(i) === "none" ? {} : rcConfVariables({ ...i, capabilityWords: capabilityWords(i) });
}

/** The names a script reads back to report the persisted view. */
export function reportNames(i: LaggInputs, extraPorts: readonly string[] = []): string[] {
  const ports = [...new Set([...i.ports, ...extraPorts])];
  return rcVarNames(i.name, ports, i.addresses.length);
}

export interface ConvergeArgs {
  operation: "create" | "update";
  nonce: string;
  news: LaggInputs;
  /** The previous inputs/outputs; undefined when nothing was recorded (create). */
  olds?: LaggInputs;
  /** What the host is believed to show; undefined = the lagg does not exist. */
  actual?: LaggState;
  /** Verify `actual` on the host first and change nothing on mismatch (optimistic concurrency). */
  checkActual: boolean;
  /** The persisted variables as last seen (else derived from `olds`). */
  persistedBefore?: RcVars;
}

const expectOptions = (i: LaggInputs) => ({ dhcp: i.dhcp, ipv6Autoconf: i.ipv6Autoconf });

/** A create/update script spec that takes the host from `actual` to `news`, or back on failure. */
export function convergeSpec(a: ConvergeArgs): ApplySpec {
  const { news, olds, actual } = a;
  const desired = desiredLaggState(news);
  const before = olds ?? { ...news, options: [], disableHardwareOffload: false, dhcp: false, ipv6Autoconf: false };
  const transitions = (from: LaggInputs, to: LaggInputs) => ({
    capabilityWords: { from: capabilityWords(from), to: capabilityWords(to) },
    dhcp: { from: from.dhcp, to: to.dhcp },
    ipv6Autoconf: { from: from.ipv6Autoconf, to: to.ipv6Autoconf },
  });
  const steps = planLaggChanges(desired, actual, actual ? transitions(before, news) : transitions({ ...before, options: [] }, news));
  // The rollback starts wherever the apply stopped, not necessarily at `desired`.
  const rollback = actual ? planLaggChanges(actual, desired, transitions(news, before), { restore: true }) : planLaggRemoval(news.name);
  const prevVars = a.persistedBefore ?? (olds ? persistedVariables(olds) : undefined);
  const nextVars = persistedVariables(news);
  const touchesRcConf = Object.keys(nextVars).length > 0 || Object.keys(prevVars ?? {}).length > 0;
  return {
    operation: a.operation,
    name: news.name,
    nonce: a.nonce,
    mustBeAbsent: actual === undefined,
    portsToClaim: news.ports.filter((p) => !(actual?.ports ?? []).includes(p)),
    recorded: a.checkActual && actual ? { state: actual, options: expectOptions(olds ?? news) } : undefined,
    reportDownPorts: actual ? [] : news.ports,
    steps,
    rollback,
    expected: { state: desired, options: expectOptions(news) },
    rcConf: touchesRcConf ? planRcConfEdits(news.name, prevVars, nextVars) : undefined,
    reportRcVars: reportNames(news, olds?.ports),
    refuseTruenas: news.persist !== "none",
    gate: gateFor(news, actual),
    safeApply: news.safeApply
      ? {
          confirmTimeoutSec: news.confirmTimeout,
          targets: [...new Set([news.name, ...news.ports, ...(actual?.ports ?? [])])],
          addresses: [...new Set([...news.addresses, ...(actual?.addresses ?? [])])],
        }
      : undefined,
  };
}

/** The delete script spec: destroy, put formerly-down ports back down, remove persisted variables. */
export function removalSpec(nonce: string, olds: LaggInputs, priorDownPorts: readonly string[], persistedBefore?: RcVars): ApplySpec {
  const prevVars = persistedBefore ?? persistedVariables(olds);
  return {
    operation: "delete",
    name: olds.name,
    nonce,
    portsToClaim: [],
    skipIfAbsent: true,
    steps: planLaggRemoval(olds.name, priorDownPorts),
    rollback: [],
    expected: undefined,
    rcConf: Object.keys(prevVars).length > 0 ? planRcConfEdits(olds.name, prevVars, {}) : undefined,
    reportRcVars: reportNames(olds),
    refuseIfCarriesSession: olds.safeApply,
  };
}
