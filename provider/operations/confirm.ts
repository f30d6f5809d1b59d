// Confirms a change left waiting (any way's: the job carries its confirm script) from a fresh connection,
// retrying until the host answers or the confirmation window closes (then the host has rolled back on its own).
import { SshExecError, SshTimeoutError } from "../ssh/errors";
import type { Connection } from "../types";
import { progress, runOnHost, type HostRun } from "./run";

/** True for errors that mean the session was lost mid-run (not a refusal or a bad script). */
export function isLostSession(e: unknown): boolean {
  return e instanceof SshExecError || e instanceof SshTimeoutError;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one confirmation needs: the script to run, its marker nonce, and how long the host waits. */
export interface ConfirmJob {
  name: string;
  nonce: string;
  script: string;
  timeoutSec: number;
}

/** Seconds after the window to let the host's timer fire and its rollback finish before looking. */
const ROLLBACK_MARGIN_SEC = 5;

/**
 * Runs `job.script` over fresh connections until the host answers or the window closes. Failed
 * attempts are logged when their cause changes, never once per dial (at most one line per attempt). When the window closed unanswered,
 * waits for the host's timer, reconnects (normal dial retries) and runs the script once more: it
 * reports what the host shows (SAFE_RESULT.expired: the timer restored the previous configuration).
 */
export async function confirmWith(conn: Connection, job: ConfirmJob): Promise<HostRun> {
  const deadline = Date.now() + job.timeoutSec * 1000;
  let lastLogged = "";
  let attempts = 0;
  while (Date.now() < deadline) {
    try {
      return await runOnHost({ ...conn, dialErrorLimit: 1 }, job.script, job.nonce, job.name, { quietDials: true });
    } catch (e) {
      attempts++;
      const cause = e instanceof Error ? e.message : String(e);
      if (cause !== lastLogged) progress(conn.host, `confirming ${job.name} (attempt ${attempts}): ${cause}; trying again every second until the ${job.timeoutSec} s window closes`);
      lastLogged = cause;
      await sleep(1000);
    }
  }
  progress(conn.host, `could not confirm ${job.name} in ${job.timeoutSec} s (${attempts} attempts); waiting for the host's rollback timer, then reconnecting to see what it restored`);
  await sleep(ROLLBACK_MARGIN_SEC * 1000);
  try {
    // Normal dial retries, unlogged: this is one more attempt, announced above; its failure says why.
    return await runOnHost(conn, job.script, job.nonce, job.name, { quietDials: true });
  } catch (e) {
    throw new Error(
      `could not reach ${conn.host} to confirm the change of ${job.name} within ${job.timeoutSec} s, nor after its rollback timer; ` +
        `whether the host restored the previous configuration is unknown (last error: ${e instanceof Error ? e.message : String(e)})`,
    );
  }
}
