// create and update: plan against what the host is believed to show, run one script (after a read of
// joining ports in the same exec), and on drift (the host no longer matches) re-plan once against what it
// actually shows.
import { renderApplyScript } from "../script";
import { observedLaggState, type LaggState } from "../state";
import { observedInputs, type LaggOutputs } from "../outputs";
import { parseSysrcE, type RcVars } from "../persist/rcconf";
import { RESULT } from "../script";
import type { LaggInputs } from "../types";
import { appliedOutputs } from "./outputs-of";
import { newNonce, progress, runOnHost, runOnHostAfterRead, throwUnlessApplied, type HostRun, type MarkedScript } from "./run";
import { convergeSpec } from "./spec";
import { confirmChange, isLostSession } from "./confirm";
import { SAFE_RESULT } from "../script/safe-apply";
import { TRUENAS_WORD } from "../script/render";
import type { InternalState, PersistedView } from "../outputs";
import { portRead, portReadingOf, type PortReading } from "./port-read";
import type { ApplySpec } from "../script/spec";
import { SshExecError } from "../ssh";
import { applyTruenas } from "./truenas";
import { withTruenasPortRecords } from "./truenas-ports";
import { readLive } from "./read";
import { fieldChanges } from "./changes";

/**
 * The SSH session died before the script's result arrived, and no commit-confirmed change is
 * pending. The script itself runs on to its end on the host (it ignores SIGHUP and SIGPIPE).
 */
class SessionLost extends Error {
  /** `from`: the plan the lost run had (with the joining ports' record when they were read). */
  constructor(readonly lost: unknown, readonly from: ConvergeFrom) {
    super(lost instanceof Error ? lost.message : String(lost));
  }
}

export interface ConvergeFrom {
  operation: "create" | "update";
  news: LaggInputs;
  olds?: LaggInputs;
  actual?: LaggState;
  persistedBefore?: RcVars;
  priorDownPorts: string[];
  /** How the lagg was persisted so far (recorded, or seen by a read): "truenas" skips the rc.conf attempt. */
  persistedMode?: PersistedView["mode"];
  /** The recorded internal state (ports' own configuration, cloned_interfaces); updated with joining ports. */
  internal?: InternalState;
}

/** Whether to go straight to the TrueNAS middleware (auto finds out on the host otherwise). */
const truenasFirst = (f: ConvergeFrom) => f.news.persist === "truenas" || (f.news.persist === "auto" && f.persistedMode === "truenas");

/** Only the lagg's own variables and its ports' count as "persisted before" (not cloned_interfaces). */
export const ownVariables = (vars: RcVars | undefined): RcVars | undefined =>
  vars && Object.fromEntries(Object.entries(vars).filter(([k]) => k !== "cloned_interfaces"));

/** A run, and the plan it ran with (the joining ports' record included when they were read first). */
interface Attempted {
  f: ConvergeFrom;
  run: HostRun;
}

/**
 * Plans and runs one change. Ports that join without a record are read first in the same exec (one
 * connection, one exec, one extra round trip): the change is planned from what the read printed, and a
 * refusal while planning (e.g. the session's address on a joining port) sends nothing more.
 */
async function attempt(f: ConvergeFrom): Promise<Attempted> {
  if (truenasFirst(f)) return { f, run: await applyTruenas(f) };
  const joining = unrecordedJoiningPorts(f);
  let planned = f;
  let spec: ApplySpec | undefined;
  const plan = (from: ConvergeFrom): MarkedScript => {
    const nonce = newNonce();
    planned = from;
    spec = convergeSpec({
      operation: from.operation, nonce, news: from.news, olds: from.olds, actual: from.actual, checkActual: true, persistedBefore: ownVariables(from.persistedBefore),
      portRecords: from.internal?.portsToRestore, downPorts: from.internal?.downPortsToRestore ?? from.priorDownPorts,
    });
    return { script: renderApplyScript(spec), nonce };
  };
  let run: HostRun;
  try {
    if (joining.length === 0) {
      const { script, nonce } = plan(f);
      run = await runOnHost(f.news.connection, script, nonce, f.news.name);
    } else {
      const runs = await runOnHostAfterRead(f.news.connection, f.news.name, portRead(joining), (readRun) =>
        plan(withReading(f, portReadingOf(f.news, joining, readRun))));
      if (!runs.apply) throw new Error(`the change of ${f.news.name} on ${f.news.connection.host} was not sent after the ports' read`);
      run = runs.apply;
    }
  } catch (e) {
    // Lost during the read, before the change was sent (already read again once): nothing changed.
    if (!isLostSession(e) || !spec || (e instanceof SshExecError && !e.mayHaveRun && joining.length > 0)) throw e;
    // The session may have died because this very change moved its path: a commit-confirmed
    // change is still running detached on the host, waiting to be confirmed.
    if (!spec.safeApply) throw new SessionLost(e, planned);
    progress(f.news.connection.host, `the SSH session dropped during ${f.operation} of ${f.news.name}; reconnecting to confirm the change`);
    run = await confirmChange(spec, f.news.connection);
    if (run.outcome.code === SAFE_RESULT.nothingPending && run.outcome.word === "nothing-pending") throw new SessionLost(e, planned);
  }
  f = planned;
  // persist "auto" on TrueNAS CORE: the rc.conf script refused (nothing changed); go through the middleware.
  if (run.outcome.word === TRUENAS_WORD && f.news.persist === "auto") return { f, run: await applyTruenas(f) };
  if (run.outcome.code === SAFE_RESULT.pending) run = await confirmChange(spec as ApplySpec, f.news.connection);
  throwUnlessApplied(f.news.connection, f.news.name, f.operation, run);
  return { f, run };
}

/**
 * After a lost session: waits for the orphaned script to finish (it holds the host lock), reads what
 * the host shows, and plans the rest from there (often nothing: the script had finished).
 */
async function fromLiveState(f: ConvergeFrom, e: SessionLost): Promise<ConvergeFrom> {
  progress(f.news.connection.host, `the SSH session was lost during ${f.operation} of ${f.news.name} (${e.message}); reconnecting to finish the change against what the host shows`);
  const seen = await readLive(f.news, { afterLock: true });
  if (!seen.iface?.lagg) return { ...f, olds: undefined, actual: undefined };
  const base = f.olds ?? f.news;
  const hints = { dhcp: base.dhcp, ipv6Autoconf: base.ipv6Autoconf, desiredAddresses: base.addresses };
  // What a create left behind carries none of the inputs' option words yet (as when adopting).
  const observed = { ...observedInputs(base, seen.iface), ...(f.olds ? {} : { options: [], disableHardwareOffload: false }) };
  return { ...f, olds: observed, actual: observedLaggState(seen.iface, hints), persistedBefore: parseSysrcE(seen.outcome.persistText) };
}

/** Logs, before the change is made, each field that goes from `from` (what the host shows) to `news`. */
export function logChanges(news: LaggInputs, from: LaggInputs, why: string): void {
  for (const line of fieldChanges(from, news)) progress(news.connection.host, `${news.name}: ${why}: ${line}`);
}

/** Converges the host to `news`; the caller holds the host lock. */
export async function converge(f: ConvergeFrom): Promise<LaggOutputs> {
  let run: HostRun;
  try {
    ({ f, run } = await attempt(f));
  } catch (e) {
    if (!(e instanceof SessionLost)) throw e;
    f = await fromLiveState(e.from, e);
    try {
      ({ f, run } = await attempt(f));
    } catch (again) {
      throw again instanceof SessionLost ? again.lost : again;
    }
  }
  if (run.outcome.code === RESULT.drift) {
    progress(f.news.connection.host, `${f.news.name} changed outside Pulumi (${run.outcome.mismatches.join("; ")}); re-planning against the live state`);
    const base = f.olds ?? f.news;
    const hints = { dhcp: base.dhcp, ipv6Autoconf: base.ipv6Autoconf, desiredAddresses: base.addresses };
    const actual = run.iface ? observedLaggState(run.iface, hints) : undefined;
    const olds = run.iface ? observedInputs(base, run.iface) : f.olds;
    if (olds) logChanges(f.news, olds, "reverting drift");
    else progress(f.news.connection.host, `${f.news.name} is gone from the host; creating it again`);
    ({ f, run } = await attempt({ ...f, olds, actual, persistedBefore: parseSysrcE(run.outcome.persistText) }));
    if (run.outcome.code === RESULT.drift) {
      throw new Error(`${f.news.name} on ${f.news.connection.host} keeps changing while Pulumi applies (${run.outcome.mismatches.join("; ")}); nothing was changed`);
    }
  }
  const priorDown = [...new Set([...f.priorDownPorts, ...run.outcome.priorDown])].filter((p) => f.news.ports.includes(p));
  // TrueNAS: the script read the joining ports' own middleware rows (PORT-ROW) before the change.
  const records = Object.fromEntries(Object.entries(withTruenasPortRecords(f.internal, run)?.portsToRestore ?? {}).filter(([p]) => f.news.ports.includes(p)));
  return appliedOutputs(f.news, run, { ...f.internal, downPortsToRestore: priorDown, portsToRestore: records });
}

/**
 * Ports that join now and have no record yet: their own configuration is read first (in the change's
 * exec). Not on TrueNAS: its script reads the ports' middleware rows itself (operations/truenas-ports.ts).
 */
function unrecordedJoiningPorts(f: ConvergeFrom): string[] {
  if (truenasFirst(f)) return [];
  const known = f.internal?.portsToRestore ?? {};
  const current = f.actual?.ports ?? [];
  return f.news.ports.filter((p) => !current.includes(p) && !known[p]);
}

/** `f` with what the read of joining ports found recorded in its internal state. */
function withReading(f: ConvergeFrom, read: PortReading): ConvergeFrom {
  const known = f.internal?.portsToRestore ?? {};
  const clonedInterfacesAbsent = f.internal?.clonedInterfacesAbsent ?? (f.operation === "create" && !f.actual ? read.clonedInterfacesAbsent : undefined);
  return { ...f, internal: { downPortsToRestore: f.priorDownPorts, ...f.internal, portsToRestore: { ...known, ...read.records }, clonedInterfacesAbsent } };
}
