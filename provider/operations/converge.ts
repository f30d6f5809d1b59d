// create and update, for every way of persisting (ways/): plan against what the host is believed to
// show, run one script (after a read of the ports in the same exec when the way needs one), and on drift
// (the host no longer matches) re-plan once against what it actually shows.
import { hintsOf, observedLaggState } from "../state";
import { observedInputs, type InternalState, type LaggOutputs } from "../outputs";
import { RESULT } from "../script";
import type { LaggInputs } from "../types";
import type { ChangeFrom } from "../ways/way";
import { appliedOutputs } from "./outputs-of";
import { progress, throwUnlessApplied, type HostRun } from "./run";
import { readLive } from "./read";
import { driftChanges, fieldChanges } from "./changes";
import { runPlanned, SessionLost } from "./attempt";
import { chooseWay, wayAfterRefusal } from "./choose-way";

export type { ChangeFrom as ConvergeFrom } from "../ways/way";

/** A run that applied (or found drift), the plan it ran with, and what its plan wants logged once it applied. */
interface Attempted {
  f: ChangeFrom;
  run: HostRun;
  notes: string[];
  recordAfter?: Partial<InternalState>;
}

/**
 * Plans and runs one change through the way chosen for it. A refusal while planning (e.g. the
 * session's address on a joining port) sends nothing more.
 */
async function attempt(f: ChangeFrom): Promise<Attempted> {
  const { planned, run } = await runPlanned(f.news.connection, chooseWay(f.news.persist, f.persistedMode).planChange(f));
  const from = planned.from ?? f;
  // persist "auto" on TrueNAS CORE: the rc.conf script refused (nothing changed); go through the middleware.
  const next = wayAfterRefusal(f.news.persist, run);
  if (next) return attempt({ ...from, persistedMode: next });
  throwUnlessApplied(f.news.connection, f.news.name, f.operation, run);
  return { f: from, run, notes: planned.notes, recordAfter: planned.recordAfter };
}

/** What the next attempt of `f` (through the way it will be chosen for) takes as persisted before, from a report. */
function persistedBefore(f: ChangeFrom, persistText: string) {
  return chooseWay(f.news.persist, f.persistedMode).persistedBefore(persistText);
}

/**
 * After a lost session: waits for the orphaned script to finish (it holds the host lock), reads what
 * the host shows, and plans the rest from there (often nothing: the script had finished).
 */
async function fromLiveState(f: ChangeFrom, e: SessionLost): Promise<ChangeFrom> {
  progress(f.news.connection.host, `the SSH session was lost during ${f.operation} of ${f.news.name} (${e.message}); reconnecting to finish the change against what the host shows`);
  const seen = await readLive(f.news, { afterLock: true });
  if (!seen.iface?.lagg) return { ...f, olds: undefined, actual: undefined };
  const base = f.olds ?? f.news;
  // What a create left behind carries none of the inputs' option words yet (as when adopting).
  const observed = { ...observedInputs(base, seen.iface), ...(f.olds ? {} : { options: [], disableHardwareOffload: false }) };
  return { ...f, olds: observed, actual: observedLaggState(seen.iface, hintsOf(base)), persistedBefore: persistedBefore(f, seen.outcome.persistText) };
}

/** Logs, before the change is made, each field that goes from `from` (what the host shows) to `news`. */
export function logChanges(news: LaggInputs, from: LaggInputs, why: string): void {
  for (const line of fieldChanges(from, news)) progress(news.connection.host, `${news.name}: ${why}: ${line}`);
}

/** Converges the host to `news`; the caller holds the host lock. */
export async function converge(start: ChangeFrom): Promise<LaggOutputs> {
  let f = start;
  // What the plans want logged (ports' lines recorded, rows withheld), logged once the change applied.
  const notes = new Set<string>();
  let recordAfter: Partial<InternalState> | undefined;
  const attempted = async (from: ChangeFrom): Promise<HostRun> => {
    const a = await attempt(from);
    a.notes.forEach((n) => notes.add(n));
    f = a.f;
    recordAfter = a.recordAfter;
    return a.run;
  };
  let run: HostRun;
  try {
    run = await attempted(f);
  } catch (e) {
    if (!(e instanceof SessionLost)) throw e;
    e.notes.forEach((n) => notes.add(n));
    f = await fromLiveState(e.from ?? f, e);
    try {
      run = await attempted(f);
    } catch (again) {
      throw again instanceof SessionLost ? again.lost : again;
    }
  }
  if (run.outcome.code === RESULT.drift) {
    progress(f.news.connection.host, `${f.news.name} changed outside Pulumi (${run.outcome.mismatches.join("; ")}); re-planning against the live state`);
    const base = f.olds ?? f.news;
    const actual = run.iface ? observedLaggState(run.iface, hintsOf(base)) : undefined;
    const olds = run.iface ? observedInputs(base, run.iface) : f.olds;
    // Only what changed outside Pulumi is drift; the program's own changes are not "reverted".
    if (olds) for (const line of driftChanges(base, olds, f.news)) progress(f.news.connection.host, `${f.news.name}: reverting drift: ${line}`);
    else progress(f.news.connection.host, `${f.news.name} is gone from the host; creating it again`);
    run = await attempted({ ...f, olds, actual, persistedBefore: persistedBefore(f, run.outcome.persistText) });
    if (run.outcome.code === RESULT.drift) {
      throw new Error(`${f.news.name} on ${f.news.connection.host} keeps changing while Pulumi applies (${run.outcome.mismatches.join("; ")}); nothing was changed`);
    }
  }
  for (const n of notes) progress(f.news.connection.host, n);
  const priorDown = [...new Set([...f.priorDownPorts, ...run.outcome.priorDown])].filter((p) => f.news.ports.includes(p));
  const records = Object.fromEntries(Object.entries(f.internal?.portsToRestore ?? {}).filter(([p]) => f.news.ports.includes(p)));
  return appliedOutputs(f.news, run, { ...f.internal, ...recordAfter, downPortsToRestore: priorDown, portsToRestore: records });
}
