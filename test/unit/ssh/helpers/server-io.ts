// Channel and socket plumbing of the test SSH server: running commands, delays and faults.
import { spawn } from "child_process";
import type * as net from "net";
import type { ServerChannel } from "ssh2";

/** Answers an exec from memory instead of a process. */
export type ExecAnswer = (command: string, stdin: string) => { stdout: string; code: number };

/** Runs `command` the way sshd does: `<login shell> -c command`, stdio on the channel. */
export function runShell(channel: ServerChannel, loginShell: string, command: string): void {
  // Its own process group, so everything the command starts can be killed together.
  const child = spawn(loginShell, ["-c", command], { stdio: "pipe", detached: true });
  child.stdin.on("error", () => undefined);
  channel.pipe(child.stdin);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  child.on("close", (code, signal) => {
    if (signal) channel.exit(signal.replace(/^SIG/, ""), false, "");
    else channel.exit(code ?? 0);
    channel.end();
  });
  // A client that gives up (timeout, dropped connection) must not leave the command running past the test.
  channel.on("close", () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  });
}

export function answerInProcess(channel: ServerChannel, command: string, answer: ExecAnswer): void {
  const stdin: Buffer[] = [];
  channel.on("data", (chunk: Buffer) => stdin.push(chunk));
  channel.once("end", () => {
    const { stdout, code } = answer(command, Buffer.concat(stdin).toString("utf8"));
    channel.write(stdout);
    channel.exit(code);
    channel.end();
  });
}

/** Keeps reading during the delay (so a client hanging up is noticed), then hands the bytes on unread. */
export function holdThenServe(socket: net.Socket, delayMs: number, serve: () => void): void {
  const held: Buffer[] = [];
  const keep = (chunk: Buffer) => held.push(chunk);
  socket.on("data", keep);
  setTimeout(() => {
    if (socket.destroyed) return;
    socket.removeListener("data", keep);
    socket.pause();
    if (held.length > 0) socket.unshift(Buffer.concat(held));
    serve();
  }, delayMs).unref();
}

export function delayWrites(socket: net.Socket, delayMs: number): void {
  const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
  socket.write = ((chunk: Buffer) => {
    setTimeout(() => !socket.destroyed && write(chunk), delayMs);
    return true;
  }) as typeof socket.write;
}
