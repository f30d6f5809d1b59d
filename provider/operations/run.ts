// Runs one rendered script on the host and turns its markers into a result or a typed error.
import { randomBytes } from "node:crypto";
import { parseIfconfig } from "../ifconfig/parse";
import type { IfconfigInterface } from "../ifconfig/types";
import { parseScriptOutput, RESULT, type ScriptOutcome } from "../script";
import { runConversation, runScript } from "../ssh";
import { readPhaseSentinel, renderReadPhase } from "../script/read";
import { SAFE_RESULT } from "../script/safe-apply";
import { logScriptIfAsked } from "../script/audit-log";
import { lacpProgressLogger } from "./lacp-gate";
import type { Connection } from "../types";
import {
  LaggApplyError, LaggLockError, LaggPreflightError, LaggRollbackError, LaggUnknownOutcomeError, type HostRunFacts,
} from "../errors";

/** A fresh marker nonce: nothing a host prints can collide with it. */
export const newNonce = () => `@@lagg-${randomBytes(9).toString("hex")}`;

/** What a script run left on the host. */
export interface HostRun {
  outcome: ScriptOutcome;
  /** The lagg as printed at the end; undefined when it does not exist. */
  iface?: IfconfigInterface;
  stderr: string;
  exitCode: number | null;
  /** `SHA256:...` of the host key the machine presented (its identity). */
  hostKeyFingerprint?: string;
}

/** Progress lines go to the provider's log, which `pulumi up` shows. */
export function progress(host: string, msg: string): void {
  console.log(`[pulumi-freebsd-lagg ${host}] ${msg}`);
}

/**
 * A stdout-line handler for one script run: the LACP gate's wait lines (lacpProgressLogger), and the
 * `PROGRESS text` markers a script prints before a slow phase (a TrueNAS commit's link setup), each
 * logged as it arrives as `name: text`.
 */
export function scriptProgressLogger(nonce: string, name: string, log: (message: string) => void): (line: string) => void {
  const lacp = lacpProgressLogger(nonce, name, log);
  const prefix = `${nonce} PROGRESS `;
  return (line) => {
    if (line.startsWith(prefix)) log(`${name}: ${line.slice(prefix.length).trim()}`);
    else lacp(line);
  };
}

/** Runs `script` over the pooled connection and parses what it printed. */
export async function runOnHost(connection: Connection, script: string, nonce: string, name: string, opts: { quietDials?: boolean } = {}): Promise<HostRun> {
  logScriptIfAsked(connection.host, script);
  const r = await runScript(connection, script, {
    // quietDials: the caller logs its own retries (confirm), so per-dial failures are not logged.
    onProgress: (m) => (opts.quietDials && /^Dial /.test(m) ? undefined : progress(connection.host, m)),
    onStdoutLine: scriptProgressLogger(nonce, name, (m) => progress(connection.host, m)),
  });
  return hostRun(r.stdout, nonce, name, r.stderr, r.exitCode, r.hostKeyFingerprint);
}

/** A rendered script and the nonce its markers carry. */
export interface MarkedScript {
  script: string;
  nonce: string;
}

/** Both parts of {@link runOnHostAfterRead}; `apply` is absent when the plan sent nothing. */
export interface ReadThenApply {
  read: HostRun;
  apply?: HostRun;
}

/**
 * One exec, two parts: runs `read` (a marked read that changes nothing, e.g. renderPortReadScript) in a
 * `/bin/sh -s` that then waits on stdin; `plan` turns what it printed into the change to run in the same
 * shell (undefined or a throw: nothing more is sent, the shell exits having changed nothing, the throw goes
 * on). One connection, one exec, one extra round trip. A session lost during the read is re-run once; lost
 * during the change, it is an SshExecError as from {@link runOnHost}. LAGG_LOG_SCRIPTS logs both parts.
 */
export async function runOnHostAfterRead(
  connection: Connection,
  name: string,
  read: MarkedScript,
  plan: (readRun: HostRun) => Promise<MarkedScript | undefined> | MarkedScript | undefined,
): Promise<ReadThenApply> {
  const first = renderReadPhase(read.script, read.nonce);
  logScriptIfAsked(connection.host, first);
  let applyNonce: string | undefined;
  let onLine: ((line: string) => void) | undefined;
  const r = await runConversation(connection, first, readPhaseSentinel(read.nonce), async (part) => {
    const planned = await plan(hostRun(part.stdout, read.nonce, name, part.stderr, null));
    if (!planned) return undefined;
    logScriptIfAsked(connection.host, planned.script);
    applyNonce = planned.nonce;
    onLine = scriptProgressLogger(planned.nonce, name, (m) => progress(connection.host, m));
    return planned.script;
  }, {
    onProgress: (m) => progress(connection.host, m),
    onStdoutLine: (line) => onLine?.(line),
  });
  if (!r.first.completed) {
    throw new Error(`the read before changing ${name} on ${connection.host} ended before it finished (exit ${r.first.exitCode ?? "by a signal"}): ${r.first.stderr.trim() || "no error output"}`);
  }
  const readRun = hostRun(r.first.stdout, read.nonce, name, r.first.stderr, null, r.hostKeyFingerprint);
  if (!r.second || !applyNonce) return { read: readRun };
  return { read: readRun, apply: hostRun(r.second.stdout, applyNonce, name, r.second.stderr, r.second.exitCode, r.hostKeyFingerprint) };
}

function hostRun(stdout: string, nonce: string, name: string, stderr: string, exitCode: number | null, hostKeyFingerprint?: string): HostRun {
  const outcome = parseScriptOutput(stdout, nonce);
  const iface = outcome.stateText ? parseIfconfig(outcome.stateText).find((i) => i.name === name) : undefined;
  return { outcome, iface, stderr, exitCode, ...(hostKeyFingerprint !== undefined && { hostKeyFingerprint }) };
}

function facts(connection: Connection, name: string, operation: string, run: HostRun): HostRunFacts {
  const o = run.outcome;
  return {
    host: `${connection.user ?? "root"}@${connection.host}:${connection.port ?? 22}`,
    name,
    operation,
    exitCode: run.exitCode,
    reasons: [...o.preflight, ...o.stepFailures, ...o.mismatches],
    stderr: run.stderr,
  };
}

/**
 * Throws the error matching a failed run; returns for success and for drift (the caller re-plans).
 * Lock contention (lockf exit 75) and lost sessions are told apart from rollbacks.
 */
export function throwUnlessApplied(connection: Connection, name: string, operation: string, run: HostRun): void {
  const code = run.outcome.code;
  const f = facts(connection, name, operation, run);
  if (code === RESULT.ok || code === RESULT.drift) return;
  if (code === RESULT.preflight) throw new LaggPreflightError(f);
  if (code === RESULT.rolledBack) throw new LaggApplyError(f);
  if (code === RESULT.rollbackFailed) throw new LaggRollbackError(f);
  if (code === SAFE_RESULT.expired) throw new LaggApplyError({ ...f, reasons: [...f.reasons, "the change was not confirmed in time and the host's rollback timer restored the previous configuration"] });
  if (code === undefined && run.exitCode === RESULT.lockBusy) throw new LaggLockError(f);
  // The script gave up waiting on a change still running on the host (a TrueNAS commit): its reasons say how to find out.
  if (code === RESULT.unknown) throw new LaggUnknownOutcomeError(f, "the outcome is unknown: the change was still running on the host when the script stopped waiting for it");
  throw new LaggUnknownOutcomeError(f);
}
