// runScript: one script, one exec on the pooled connection, under an overall deadline (runOnChannel, shared
// with runConversation).
import { performance } from "perf_hooks";
import type { ClientChannel } from "ssh2";
import type { Connection } from "../types";
import { abortable } from "./abortable";
import { endpointLabel, SshEndpoint, SshExecError, SshTimeoutError } from "./errors";
import { CallerError, ClosedBeforeReply, collectExec, ExecLostFailure, ExecResult, ExecStartFailure, LostBeforeNextPart, openChannel, SCRIPT_COMMAND, sendExec } from "./exec";
import { resolveHop } from "./hop";
import { acquire, Lease } from "./pool";
import { retire } from "./pool-entry";
import { openSpare, takeSpare } from "./spare-channel";
import { redact, sanitizeCause, secretsOf } from "./secrets";

/** Options of {@link runScript}. */
export interface RunScriptOptions {
  /** Budget for the whole call, connecting included. Default 10 minutes; 0 = no limit. */
  timeoutMs?: number;
  /** Receives progress lines such as "Dial 2/10 to root@nas1:22 failed: ...; retrying in 150 ms". */
  onProgress?: (message: string) => void;
  /** Receives each complete stdout line as it arrives (progress markers while the script waits); stdout is still returned whole. */
  onStdoutLine?: (line: string) => void;
}

/** Splits a byte stream into lines for `onLine` (a partial last line waits for the next chunk). */
export function lineSplitter(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = "";
  return (chunk) => {
    const parts = (pending + chunk.toString("utf8")).split("\n");
    pending = parts.pop() ?? "";
    for (const line of parts) onLine(line);
  };
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `script` on the host with `/bin/sh -s` (the script goes on stdin, so the login shell never parses it)
 * over the pooled connection for the host. A non-zero exit is a result, not an error. Throws
 * `SshConnectError`, `SshAuthError`, `HostKeyVerificationError`, `SshExecError` (channel failure) or
 * `SshTimeoutError`. A connection found dead before the script was sent is re-dialled once; a script that
 * may have started is never re-run.
 */
export async function runScript(connection: Connection, script: string, options: RunScriptOptions = {}): Promise<ExecResult> {
  return runOnChannel(connection, options, (channel, alive, onStdout) => collectExec(channel, script, alive, onStdout));
}

/**
 * Drives one started `/bin/sh -s` channel to its result. Rejecting with an {@link ExecStartFailure} whose
 * `connectionGone` is set says nothing that changes the host was sent: the whole drive is retried once on
 * a fresh connection.
 */
export type ChannelDriver<T> = (channel: ClientChannel, connectionAlive: () => boolean, onStdout?: (chunk: Buffer) => void) => Promise<T>;

/**
 * The transport of {@link runScript} and runConversation: the pooled connection, the overall deadline, one
 * re-dial when the connection is found dead before anything that changes the host was sent, typed errors.
 */
export async function runOnChannel<T extends object>(
  connection: Connection, options: RunScriptOptions, drive: ChannelDriver<T>,
): Promise<T & { hostKeyFingerprint: string; durationMs: number }> {
  const started = performance.now();
  const target = resolveHop(connection);
  const endpoint: SshEndpoint = { host: target.host, port: target.port, user: target.user };
  const secrets = secretsOf(target, connection.proxy && resolveHop(connection.proxy));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  let phase: SshTimeoutError["phase"] = "connecting";
  const timer = timeoutMs > 0
    ? setTimeout(() => deadline.abort(new SshTimeoutError(endpoint, timeoutMs, phase)), Math.min(timeoutMs, MAX_TIMER_MS))
    : undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      phase = "connecting";
      const lease = await acquire(connection, { onProgress: options.onProgress, signal: deadline.signal });
      const hostKeyFingerprint = lease.entry.connection?.hostKeyFingerprint ?? "";
      const reconnect = (error: Error) => {
        retire(lease.entry);
        options.onProgress?.(`Connection to ${endpointLabel(endpoint)} was lost (${redact(error.message, secrets)}); reconnecting`);
      };
      let channel: ClientChannel;
      try {
        channel = takeSpare(lease.entry) ?? await startChannel(lease, deadline.signal, target.perDialTimeoutMs);
      } catch (error) {
        lease.release();
        // A channel open pending on a connection that just died: check the connection too.
        const gone = error instanceof ExecStartFailure && (error.connectionGone || lease.entry.lost);
        if (gone && attempt === 1) {
          reconnect(error);
          continue;
        }
        throw execError(endpoint, error, secrets);
      }
      phase = "running the script";
      let inUse = false;
      try {
        const onStdout = options.onStdoutLine ? lineSplitter(options.onStdoutLine) : undefined;
        // The exec request and the script's stdin go out in one flight; from here on the script may run.
        const execStarted = answeredWithin(sendExec(channel, SCRIPT_COMMAND).catch((error: unknown) => {
          // Closed unanswered on a live connection: not acted on (a spare the host closed): safe to run again once.
          if (error instanceof ClosedBeforeReply && !lease.entry.lost) throw new ExecStartFailure(error, true);
          throw error;
        }), target.perDialTimeoutMs);
        lease.entry.channelsInUse++;
        inUse = true;
        const driving = drive(channel, () => !lease.entry.lost, onStdout);
        // In the same flight: a channel for the next script on this connection.
        openSpare(lease.entry, lease.client);
        driving.catch(() => undefined);
        // A result counts only once the host said it started the command: a channel closed under an unanswered
        // request ends the drive "cleanly" (no exit status) although nothing may have run, or something may have.
        const result = await abortable(Promise.all([execStarted, driving]).then(([, r]) => r), deadline.signal);
        return { ...result, hostKeyFingerprint, durationMs: Math.round((performance.now() - started) * 100) / 100 };
      } catch (error) {
        if (error instanceof CallerError) throw error.error;
        if (error instanceof SshTimeoutError || error instanceof ExecUnanswered) {
          channel.close();
          retire(lease.entry);
        }
        // Lost before anything that changes the host was sent (a conversation's read): safe to run again once.
        if (error instanceof ExecStartFailure && error.connectionGone && attempt === 1) {
          reconnect(error);
          continue;
        }
        throw execError(endpoint, error, secrets);
      } finally {
        if (inUse) lease.entry.channelsInUse--;
        lease.release();
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The host did not answer the exec request within perDialTimeout; the script was sent with it and may have run. */
class ExecUnanswered extends ExecLostFailure {}

/** `reply`, or an {@link ExecUnanswered} when it takes longer than `timeoutMs` (0: no limit). */
function answeredWithin(reply: Promise<void>, timeoutMs: number): Promise<void> {
  if (timeoutMs <= 0) return reply;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new ExecUnanswered(
      `the host did not answer the exec request within ${timeoutMs} ms (the script went with it and may have run)`)), timeoutMs);
    reply.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * Opens the session channel. A host that does not answer within `replyTimeoutMs` (perDialTimeout) is treated as a
 * dead connection, which is safe to replace because nothing has been requested on the channel; a channel that
 * arrives after we gave up on it is closed.
 */
async function startChannel(lease: Lease, deadline: AbortSignal, replyTimeoutMs: number): Promise<ClientChannel> {
  const starting = openChannel(lease.client);
  starting.catch(() => undefined);
  const giveUp = new AbortController();
  const onDeadline = () => giveUp.abort(deadline.reason);
  let timer: NodeJS.Timeout | undefined;
  if (deadline.aborted) onDeadline();
  deadline.addEventListener("abort", onDeadline, { once: true });
  if (replyTimeoutMs > 0) {
    const silence = new Error(`the host did not answer the channel open within ${replyTimeoutMs} ms`);
    timer = setTimeout(() => giveUp.abort(new ExecStartFailure(silence, true)), replyTimeoutMs);
  }
  try {
    return await abortable(starting, giveUp.signal);
  } catch (error) {
    if (giveUp.signal.aborted) starting.then((channel) => channel.close(), () => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    deadline.removeEventListener("abort", onDeadline);
  }
}

function execError(endpoint: SshEndpoint, error: unknown, secrets: string[]): Error {
  if (error instanceof SshTimeoutError) return error;
  if (error instanceof LostBeforeNextPart) {
    const cause = sanitizeCause(error.cause, secrets);
    return new SshExecError(endpoint, SCRIPT_COMMAND, `${cause.message} (during the read that changes nothing, before the change was sent)`, false, cause);
  }
  if (error instanceof ExecStartFailure) {
    const cause = sanitizeCause(error.cause, secrets);
    return new SshExecError(endpoint, SCRIPT_COMMAND, `the host did not start it: ${cause.message}`, false, cause);
  }
  const cause = sanitizeCause(error, secrets);
  const detail = error instanceof ExecLostFailure ? `${cause.message} (the script may have run partially)` : cause.message;
  return new SshExecError(endpoint, SCRIPT_COMMAND, detail, true, cause);
}
