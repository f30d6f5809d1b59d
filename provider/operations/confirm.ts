// Confirms a commit-confirmed change from a fresh connection, retrying until the host answers or
// the confirmation window closes (then the host has rolled back on its own).
import { SshExecError, SshTimeoutError } from "../ssh/errors";
import type { ApplySpec } from "../script";
import { renderConfirmScript } from "../script/safe-apply";
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

/** Runs the confirm script until it answers; the window is the spec's confirm timeout. */
export function confirmChange(spec: ApplySpec, conn: Connection): Promise<HostRun> {
  return confirmWith(conn, { name: spec.name, nonce: spec.nonce, script: renderConfirmScript(spec), timeoutSec: spec.safeApply?.confirmTimeoutSec ?? 60 });
}

/** Runs `job.script` over fresh connections until the host answers or the window closes. */
export async function confirmWith(conn: Connection, job: ConfirmJob): Promise<HostRun> {
  const deadline = Date.now() + job.timeoutSec * 1000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await runOnHost({ ...conn, dialErrorLimit: 1 }, job.script, job.nonce, job.name);
    } catch (e) {
      last = e;
      progress(conn.host, `confirming ${job.name}: ${e instanceof Error ? e.message : String(e)}; retrying`);
      await sleep(1000);
    }
  }
  throw new Error(
    `could not reach ${conn.host} to confirm the change of ${job.name} within ${job.timeoutSec} s; ` +
      `the host rolls back to the previous configuration on its own (last error: ${last instanceof Error ? last.message : String(last)})`,
  );
}
