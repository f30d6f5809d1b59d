// runConversation: one `/bin/sh -s` exec in two parts. The shell runs each complete command as it reads it
// and blocks on stdin in between, so the first part (a read that changes nothing) runs and prints a sentinel
// line while the shell waits; what it printed decides the second part, written to the same stdin.
import type { Connection } from "../types";
import { CallerError, collectExec, ExecLostFailure, LostBeforeNextPart, type ExecResult, type StdinFeeder } from "./exec";
import { lineSplitter, runOnChannel, type RunScriptOptions } from "./run-script";

/** What the first part printed. */
export interface FirstPart {
  /** stdout before the sentinel line (all of it when the sentinel never came). */
  stdout: string;
  /** stderr that arrived before the sentinel line (stderr is its own stream: a late line goes to the second part's). */
  stderr: string;
  /** Whether the sentinel line arrived: the first part ran to its end and the shell waited for more. */
  completed: boolean;
  /** The exec's exit status when the shell ended before the sentinel line. */
  exitCode?: number | null;
}

/** Outcome of {@link runConversation}. */
export interface ConversationResult {
  first: FirstPart;
  /** The second part's result: stdout after the sentinel line, the exec's exit status; absent when none was sent. */
  second?: Omit<ExecResult, "durationMs" | "hostKeyFingerprint">;
  /** `SHA256:...` of the host key the connection presented. */
  hostKeyFingerprint: string;
  /** Wall time of the whole call, connecting included. */
  durationMs: number;
}

/** Decides the second part from the first one's output; undefined sends nothing (the shell exits, having changed nothing). */
export type NextPart = (first: FirstPart) => Promise<string | undefined> | string | undefined;

/** Splits a conversation's stdout at the sentinel line: [before, after], or undefined when the line is absent. */
export function splitAtSentinel(stdout: string, sentinel: string): [string, string] | undefined {
  const at = stdout.startsWith(`${sentinel}\n`) ? 0 : stdout.indexOf(`\n${sentinel}\n`) + 1;
  if (at === 0 && !stdout.startsWith(`${sentinel}\n`)) return undefined;
  return [stdout.slice(0, at), stdout.slice(at + sentinel.length + 1)];
}

/**
 * Runs `first` with `/bin/sh -s` on the pooled connection without ending stdin; once `first` prints the
 * line `sentinel`, calls `next` with what it printed and writes the returned script to the same stdin, then
 * ends stdin. `first` must change nothing: a connection lost before the second part was sent runs the whole
 * conversation again once on a fresh connection. When `next` returns undefined or throws, stdin is ended with
 * nothing more (the shell exits) and `next`'s error is rethrown. When `first` ends the shell before its
 * sentinel, `next` is not called. Same deadline, pooling and error types as `runScript`; a connection lost
 * after the second part was sent is an `SshExecError` with `mayHaveRun` (never re-run).
 */
export async function runConversation(
  connection: Connection, first: string, sentinel: string, next: NextPart, options: RunScriptOptions = {},
): Promise<ConversationResult> {
  const firstText = first.endsWith("\n") ? first : `${first}\n`;
  return runOnChannel(connection, options, async (channel, alive, onStdout) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let part: FirstPart | undefined;
    let settled = false;
    let sent = false;
    let planError: { error: unknown } | undefined;

    const continueWith = async (seen: FirstPart) => {
      let script: string | undefined;
      try {
        script = await next(seen);
      } catch (error) {
        planError = { error };
      }
      if (settled) return;
      sent = script !== undefined;
      if (sent) channel.end(script);
      else channel.end();
    };
    const feed: StdinFeeder = (ch) => {
      const watch = lineSplitter((line) => {
        if (part || line !== sentinel) return;
        const before = splitAtSentinel(Buffer.concat(stdout).toString("utf8"), sentinel)?.[0] ?? "";
        part = { stdout: before, stderr: Buffer.concat(stderr).toString("utf8"), completed: true };
        void continueWith(part);
      });
      ch.on("data", (chunk: Buffer) => {
        stdout.push(chunk);
        watch(chunk);
      });
      ch.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
      // A channel closed under a pending `next` (deadline, lost connection) gets nothing more written.
      ch.on("close", () => (settled = true));
      ch.write(firstText);
    };

    let whole: Omit<ExecResult, "durationMs">;
    try {
      whole = await collectExec(channel, feed, alive, onStdout);
    } catch (error) {
      if (error instanceof ExecLostFailure && !sent && !planError) throw new LostBeforeNextPart(error);
      throw error;
    } finally {
      settled = true;
    }
    if (planError) throw new CallerError(planError.error);
    if (!part) return { first: { stdout: whole.stdout, stderr: whole.stderr, completed: false, exitCode: whole.exitCode } };
    if (!sent) return { first: part };
    const after = splitAtSentinel(whole.stdout, sentinel)?.[1] ?? "";
    return { first: part, second: { ...whole, stdout: after, stderr: whole.stderr.slice(part.stderr.length) } };
  });
}
