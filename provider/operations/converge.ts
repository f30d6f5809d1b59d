// create and update: plan against what the host is believed to show, run one script, and on
// drift (the host no longer matches) re-plan once against what it actually shows.
import { renderApplyScript } from "../script";
import { observedLaggState, type LaggState } from "../state";
import { observedInputs, type LaggOutputs } from "../outputs";
import { parseSysrcE, type RcVars } from "../persist/rcconf";
import { RESULT } from "../script";
import type { LaggInputs } from "../types";
import { appliedOutputs } from "./outputs-of";
import { newNonce, progress, runOnHost, throwUnlessApplied, type HostRun } from "./run";
import { convergeSpec } from "./spec";
import { confirmChange, isLostSession } from "./confirm";
import { SAFE_RESULT } from "../script/safe-apply";
import { TRUENAS_WORD } from "../script/render";
import type { InternalState, PersistedView } from "../outputs";
import { readPorts } from "./port-read";
import { applyTruenas } from "./truenas";
import { readLive } from "./read";
import { fieldChanges } from "./changes";

/**
 * The SSH session died before the script's result arrived, and no commit-confirmed change is
 * pending. The script itself runs on to its end on the host (it ignores SIGHUP and SIGPIPE).
 */
class SessionLost extends Error {
  constructor(readonly lost: unknown) {
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

async function attempt(f: ConvergeFrom): Promise<HostRun> {
  if (truenasFirst(f)) return applyTruenas(f);
  const nonce = newNonce();
  const spec = convergeSpec({
    operation: f.operation, nonce, news: f.news, olds: f.olds, actual: f.actual, checkActual: true, persistedBefore: ownVariables(f.persistedBefore),
    portRecords: f.internal?.portsToRestore, downPorts: f.internal?.downPortsToRestore ?? f.priorDownPorts,
  });
  let run: HostRun;
  try {
    run = await runOnHost(f.news.connection, renderApplyScript(spec), nonce, f.news.name);
  } catch (e) {
    // The session may have died because this very change moved its path: a commit-confirmed
    // change is still running detached on the host, waiting to be confirmed.
    if (!isLostSession(e)) throw e;
    if (!spec.safeApply) throw new SessionLost(e);
    progress(f.news.connection.host, `the SSH session dropped during ${f.operation} of ${f.news.name}; reconnecting to confirm the change`);
    run = await confirmChange(spec, f.news.connection);
    if (run.outcome.code === SAFE_RESULT.nothingPending && run.outcome.word === "nothing-pending") throw new SessionLost(e);
  }
  // persist "auto" on TrueNAS CORE: the rc.conf script refused (nothing changed); go through the middleware.
  if (run.outcome.word === TRUENAS_WORD && f.news.persist === "auto") return applyTruenas(f);
  if (run.outcome.code === SAFE_RESULT.pending) run = await confirmChange(spec, f.news.connection);
  throwUnlessApplied(f.news.connection, f.news.name, f.operation, run);
  return run;
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
  f = await withJoiningPortsRead(f);
  let run: HostRun;
  try {
    run = await attempt(f);
  } catch (e) {
    if (!(e instanceof SessionLost)) throw e;
    f = await fromLiveState(f, e);
    try {
      run = await attempt(f);
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
    run = await attempt({ ...f, olds, actual, persistedBefore: parseSysrcE(run.outcome.persistText) });
    if (run.outcome.code === RESULT.drift) {
      throw new Error(`${f.news.name} on ${f.news.connection.host} keeps changing while Pulumi applies (${run.outcome.mismatches.join("; ")}); nothing was changed`);
    }
  }
  const priorDown = [...new Set([...f.priorDownPorts, ...run.outcome.priorDown])].filter((p) => f.news.ports.includes(p));
  const records = Object.fromEntries(Object.entries(f.internal?.portsToRestore ?? {}).filter(([p]) => f.news.ports.includes(p)));
  return appliedOutputs(f.news, run, { ...f.internal, downPortsToRestore: priorDown, portsToRestore: records });
}

/**
 * Reads the own configuration of ports that join now and have no record yet (one read exec, before
 * anything changes). The TrueNAS middleware keeps the ports' rows itself, so it is not read there.
 */
async function withJoiningPortsRead(f: ConvergeFrom): Promise<ConvergeFrom> {
  if (truenasFirst(f)) return f;
  const known = f.internal?.portsToRestore ?? {};
  const current = f.actual?.ports ?? [];
  const joining = f.news.ports.filter((p) => !current.includes(p) && !known[p]);
  if (joining.length === 0) return f;
  const read = await readPorts(f.news, joining);
  const clonedInterfacesAbsent = f.internal?.clonedInterfacesAbsent ?? (f.operation === "create" && !f.actual ? read.clonedInterfacesAbsent : undefined);
  return { ...f, internal: { downPortsToRestore: f.priorDownPorts, ...f.internal, portsToRestore: { ...known, ...read.records }, clonedInterfacesAbsent } };
}
