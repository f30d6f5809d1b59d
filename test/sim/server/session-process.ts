// Runs one SSH session request (exec or shell) in ssh2 mode the way sshd does: the login shell as a child
// process in its own session, with stdin/stdout/stderr wired to the channel and exit-status, EOF, close at the end.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import type { ServerChannel } from "ssh2";
import type { LoginShell } from "./login-shells";

export interface SessionProcessSpec {
  shell: LoginShell;
  /** The exec command string; undefined for a `shell` request (a login shell reading the channel). */
  command?: string;
  env: Record<string, string>;
  cwd: string;
  /** When set, the shell starts inside the host's sandbox through this launcher (sandbox.ts launcherScript). */
  sandbox?: { launcherPath: string; namespacePath: string };
}

/** How a finished session process ended, plus what crossed the channel. */
export interface SessionOutcome {
  exitCode: number | null;
  signal?: string;
  stdin: string;
  stdoutBytes: number;
  /** Whether the channel was gone (connection cut) before the result could be sent. */
  channelLost: boolean;
}

export interface SessionHooks {
  onSpawn(child: ChildProcessWithoutNullStreams): void;
  /** Called when the process has exited and its output is flushed; may cut the connection before the result. */
  beforeResult(outcome: SessionOutcome): void;
  /** Called after exit-status/EOF/close went out (or could not). */
  onFinished(outcome: SessionOutcome): void;
}

/** Starts the login shell for one channel and wires it up. */
export function runSessionProcess(channel: ServerChannel, spec: SessionProcessSpec, hooks: SessionHooks): void {
  // A shell request gets a plain (not login) shell reading the channel: a login shell would source this
  // machine's /etc/profile, which resets PATH and hides the emulated commands.
  const args = spec.command === undefined ? [] : ["-c", spec.command];
  const options = { env: spec.env, detached: true, stdio: "pipe" as const };
  const child = spec.sandbox
    ? spawn("/usr/bin/perl", [spec.sandbox.launcherPath, spec.sandbox.namespacePath, spec.shell.path, spec.shell.argv0, spec.cwd, ...args], { ...options, cwd: "/" })
    : spawn(spec.shell.path, args, { ...options, argv0: spec.shell.argv0, cwd: spec.cwd });
  hooks.onSpawn(child);
  const stdin: Buffer[] = [];
  let stdoutBytes = 0;
  let channelOpen = true;
  let pendingWrites = 0;
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  child.stdin.on("error", () => undefined);
  channel.on("data", (chunk: Buffer) => {
    stdin.push(chunk);
    if (!child.stdin.destroyed && !child.stdin.write(chunk)) {
      channel.pause();
      child.stdin.once("drain", () => channel.resume());
    }
  });
  channel.on("end", () => child.stdin.end());
  channel.on("close", () => {
    channelOpen = false;
    child.stdin.end();
    // As under sshd: once the session is gone nobody reads the command's output, so its next write
    // gets SIGPIPE (EPIPE if it ignores the signal).
    child.stdout.destroy();
    child.stderr.destroy();
    finish();
  });

  const relay = (from: Readable, to: Writable, count: boolean): void => {
    from.on("data", (chunk: Buffer) => {
      if (count) stdoutBytes += chunk.length;
      if (!channelOpen) return;
      pendingWrites++;
      const more = to.write(chunk, () => {
        pendingWrites--;
        finish();
      });
      if (!more) {
        from.pause();
        to.once("drain", () => from.resume());
      }
    });
  };
  relay(child.stdout, channel, true);
  relay(child.stderr, channel.stderr, false);

  child.on("error", (error) => {
    if (channelOpen) channel.stderr.write(`${spec.shell.path}: ${error.message}\n`);
    exited = { code: 127, signal: null };
    finish();
  });
  child.on("close", (code, signal) => {
    exited = { code, signal };
    finish();
  });

  let done = false;
  function finish(): void {
    if (done || !exited || (channelOpen && pendingWrites > 0)) return;
    done = true;
    const outcome: SessionOutcome = {
      exitCode: exited.code,
      signal: exited.signal ? exited.signal.replace(/^SIG/, "") : undefined,
      stdin: Buffer.concat(stdin).toString("utf8"),
      stdoutBytes,
      channelLost: !channelOpen,
    };
    hooks.beforeResult(outcome);
    if (channelOpen) sendResult(channel, outcome);
    outcome.channelLost = !channelOpen;
    hooks.onFinished(outcome);
  }
}

/** exit-status (or exit-signal), then EOF, then close: the order OpenSSH uses. */
function sendResult(channel: ServerChannel, outcome: SessionOutcome): void {
  try {
    if (outcome.signal) channel.exit(outcome.signal, false, "");
    else channel.exit(outcome.exitCode ?? 255);
  } catch {
    channel.exit(128 + 15);
  }
  channel.end();
}
