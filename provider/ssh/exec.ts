// One command channel: open it, send the exec request for `/bin/sh -s` and the script on stdin in one flight,
// collect output until exit status + EOF.
import type { Client, ClientChannel } from "ssh2";
import { clientOf, execWithoutWaiting, openSessionChannel, sendIgnore } from "./ssh2-internals";

/** The command every script runs under: POSIX sh reading the script from stdin, whatever the login shell. */
export const SCRIPT_COMMAND = "/bin/sh -s";

/** Outcome of one script run on a host. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** The script's exit status; null when the host sent none (killed by a signal, or no status at all). */
  exitCode: number | null;
  /** Signal that ended the script, e.g. `SIGKILL`, when it died of one. */
  signal?: string;
  /** `SHA256:...` of the host key the connection presented (set by `runScript`). */
  hostKeyFingerprint?: string;
  /** Wall time of the whole `runScript` call, connecting included. */
  durationMs: number;
}

/** The channel failed after the command may have started: it must not be retried. */
export class ExecLostFailure extends Error {}

/**
 * The channel closed with the exec request unanswered. On a live connection the host did not act on it (a server
 * answers a want-reply request before it closes the channel, in order on one stream: a spare it closed while the
 * request was on its way); on a lost connection nobody knows. runOnChannel tells the two apart.
 */
export class ClosedBeforeReply extends ExecLostFailure {}

/** Why a channel could not be started, and whether a fresh connection is worth one try. */
export class ExecStartFailure extends Error {
  constructor(override readonly cause: Error, readonly connectionGone: boolean) {
    super(cause.message);
  }
}

/**
 * The connection was lost while a conversation's first part ran and before anything more was sent: that part
 * changes nothing by contract, so the whole conversation is run again once on a fresh connection.
 */
export class LostBeforeNextPart extends ExecStartFailure {
  constructor(cause: Error) {
    super(cause, true);
  }
}

/** An error of the caller's own code run mid-exec (a conversation's plan): passed on as it is, not as a transport error. */
export class CallerError extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Opens a session channel (nothing requested on it yet). Nothing reaches the host's shell before this resolves,
 * so a rejection with `connectionGone` (not connected, no response, channel open refused) can be retried elsewhere.
 */
export function openChannel(client: Client): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      openSessionChannel(client, (error, channel) => {
        if (!error && channel) return resolve(channel);
        const cause = error ?? new Error("no channel");
        const gone = /no response from server|not connected|channel open failure|no free channels/i.test(cause.message)
          || (cause as { reason?: unknown }).reason !== undefined;
        reject(new ExecStartFailure(cause, gone));
      });
    } catch (error) {
      reject(new ExecStartFailure(error as Error, true));
    }
  });
}

/**
 * Sends the exec request for `command` on an open channel without waiting for the reply, so the caller writes
 * stdin in the same flight (RFC 4254 §6.5: data follows the request on the wire). The promise settles with the
 * reply: resolved when the host started the command; rejected with an {@link ExecStartFailure} (not gone: the
 * host ran nothing, and the stdin sent behind the request went with the refused channel) when it refused. From
 * the moment this is called the script may run: a connection lost now is an {@link ExecLostFailure}, never retried;
 * a channel closed before any reply is a {@link ClosedBeforeReply}.
 */
export function sendExec(channel: ClientChannel, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execWithoutWaiting(channel, command, (reply) => {
      if (reply === "started") {
        // Acknowledge the reply at once: a server with Nagle on holds the output behind it until then.
        sendIgnore(clientOf(channel));
        return resolve();
      }
      if (reply === "closed") return reject(new ClosedBeforeReply("the channel closed before the host answered the exec request"));
      channel.close();
      reject(new ExecStartFailure(new Error("Unable to exec: the host refused the exec request"), false));
    });
  });
}

/** Writes a channel's stdin its own way (a conversation: part, wait for output, more, end); must end stdin. */
export type StdinFeeder = (channel: ClientChannel) => void;

/**
 * Writes `script` to the channel's stdin, ends stdin (or lets a {@link StdinFeeder} do it), and resolves once the exit status (or signal) has
 * arrived and stdout and stderr have both ended — without waiting for the channel's close, which costs
 * round trips. Rejects with {@link ExecLostFailure} when the channel ends without a result because the
 * connection died. A clean close without exit status resolves with `exitCode: null`.
 */
export function collectExec(
  channel: ClientChannel,
  script: string | StdinFeeder,
  connectionAlive: () => boolean,
  onStdout?: (chunk: Buffer) => void,
): Promise<Omit<ExecResult, "durationMs">> {
  return new Promise((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let exit: { code: number | null; signal?: string } | undefined;
    let stdoutEnded = false;
    let stderrEnded = false;
    let settled = false;

    const finish = (closed: boolean) => {
      if (settled) return;
      if (!connectionAlive()) {
        settled = true;
        return reject(new ExecLostFailure("the connection was lost before the script reported its exit status"));
      }
      if (!(stdoutEnded && stderrEnded && (exit || closed))) return;
      settled = true;
      resolve({
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        exitCode: exit ? exit.code : null,
        ...(exit?.signal && { signal: exit.signal }),
      });
    };

    channel.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      onStdout?.(chunk);
    });
    channel.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    channel.on("exit", (code: number | null, signal?: string) => {
      exit = { code: typeof code === "number" ? code : null, signal: signal ?? undefined };
      finish(false);
    });
    channel.on("end", () => {
      stdoutEnded = true;
      finish(false);
    });
    channel.stderr.on("end", () => {
      stderrEnded = true;
      finish(false);
    });
    channel.on("close", () => {
      stdoutEnded = stderrEnded = true;
      finish(true);
    });
    channel.on("error", (error: Error) => {
      if (settled) return;
      settled = true;
      reject(new ExecLostFailure(error.message));
    });
    if (typeof script === "string") channel.end(script);
    else script(channel);
  });
}
