// Runs one planned change of any way (ways/way.ts): the read first when there is one, the change, and
// the confirmation a lost session or a change left waiting needs. One decision, for every way, of what
// a lost session means.
import { SshExecError } from "../ssh";
import { SAFE_RESULT } from "../script/safe-apply";
import type { Connection } from "../types";
import type { ChangeFrom, PlannedRun, ReadFirst } from "../ways/way";
import { confirmWith, isLostSession } from "./confirm";
import { progress, runOnHost, runOnHostAfterRead, type HostRun } from "./run";

/**
 * The SSH session died before the script's result arrived, and no change is left waiting to be
 * confirmed. The script itself runs on to its end on the host (it ignores SIGHUP and SIGPIPE).
 */
export class SessionLost extends Error {
  /** `from`: the plan the lost run had (with the joining ports' record when they were read); `notes`: its log lines. */
  constructor(readonly lost: unknown, readonly from: ChangeFrom | undefined, readonly notes: string[]) {
    super(lost instanceof Error ? lost.message : String(lost));
  }
}

/**
 * Whether a lost session left the host unchanged for sure: nothing was planned yet, or the session died
 * during the read before the change was sent (runOnHostAfterRead already ran the read again once).
 */
export function lostBeforeChange(e: unknown, planned: PlannedRun | undefined, readFirst: boolean): boolean {
  return planned === undefined || (readFirst && e instanceof SshExecError && !e.mayHaveRun);
}

/** A run, and the plan it ran with. */
export interface Ran {
  planned: PlannedRun;
  run: HostRun;
}

/**
 * Sends `what` (after its read, in the same exec) and returns what the host reported, confirmed from a
 * fresh connection when the change was left waiting or its session was lost. Throws SessionLost when the
 * session died and nothing waits to be confirmed (read the host again), the error itself when it died
 * before the change was sent. The caller judges the outcome (throwUnlessApplied).
 */
export async function runPlanned(conn: Connection, what: PlannedRun | ReadFirst): Promise<Ran> {
  let planned = what.kind === "run" ? what : undefined;
  let run: HostRun;
  try {
    if (what.kind === "run") run = await runOnHost(conn, what.script.script, what.script.nonce, what.name);
    else {
      const runs = await runOnHostAfterRead(conn, what.name, what.read, (readRun) => {
        planned = what.plan(readRun);
        return planned.script;
      });
      if (!runs.apply || !planned) throw new Error(`the change of ${what.name} on ${conn.host} was not sent after the ports' read`);
      run = runs.apply;
    }
  } catch (e) {
    if (!isLostSession(e) || lostBeforeChange(e, planned, what.kind === "read-first")) throw e;
    const p = planned as PlannedRun;
    // The session may have died because this very change moved its path: a change waiting to be
    // confirmed (commit-confirmed, or TrueNAS's checkin) is still running on the host.
    if (!p.confirm) throw new SessionLost(e, p.from, p.notes);
    progress(conn.host, p.confirm.whenLost);
    run = await confirmWith(conn, p.confirm.job);
    if (run.outcome.code === SAFE_RESULT.nothingPending && run.outcome.word === "nothing-pending") throw new SessionLost(e, p.from, p.notes);
  }
  const p = planned as PlannedRun;
  if (run.outcome.code === SAFE_RESULT.pending && p.confirm) {
    progress(conn.host, p.confirm.whenPending);
    run = await confirmWith(conn, p.confirm.job);
  }
  return { planned: p, run };
}
