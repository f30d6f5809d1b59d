// Output collection and the err(3)/warnx(3) family for emulated commands.
import type { CommandResult } from "../machine-api";
import { ErrnoName, strerror } from "../kernel/errno";

/** Thrown to end a command early with an exit status (like exit(3)). */
export class CommandExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = "CommandExit";
  }
}

/** stdout/stderr/exit status of one command run, with BSD err(3)-style helpers. */
export class CommandIo {
  stdout = "";
  stderr = "";
  exitCode = 0;

  constructor(readonly prog: string) {}

  out(text: string): void {
    this.stdout += text;
  }

  err(text: string): void {
    this.stderr += text;
  }

  /** warnx(3): `prog: message`. */
  warnx(message: string): void {
    this.stderr += `${this.prog}: ${message}\n`;
  }

  /** warn(3)/warnc(3): `prog: message: strerror`. */
  warnc(errno: ErrnoName, message: string): void {
    this.warnx(`${message}: ${strerror(errno)}`);
  }

  /** errx(3): print and exit. */
  errx(code: number, message: string): never {
    this.warnx(message);
    throw new CommandExit(code);
  }

  /** err(3)/errc(3): print with strerror and exit. */
  errc(code: number, errno: ErrnoName, message: string): never {
    this.warnc(errno, message);
    throw new CommandExit(code);
  }

  result(): CommandResult {
    return { stdout: this.stdout, stderr: this.stderr, exitCode: this.exitCode };
  }
}

/** Runs `body` with `io`, turning CommandExit into the exit status; `finish` runs like atexit(3). */
export function runCommand(io: CommandIo, body: () => void, finish?: () => void): CommandResult {
  try {
    body();
  } catch (error) {
    if (!(error instanceof CommandExit)) throw error;
    io.exitCode = error.code;
  } finally {
    finish?.();
  }
  return io.result();
}
