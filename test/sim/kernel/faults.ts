// Faults a test can inject: a port that refuses to join a lagg, a command that fails, a power loss
// (reboot) at a chosen point of a script.
import { ErrnoName, isErrnoName } from "./errno";

/** What a failing command prints and returns instead of running. */
export interface CommandFault {
  stderr: string;
  exitCode: number;
  stdout?: string;
  /** How many runs fail; omitted = every run until cleared. */
  times?: number;
}

interface Armed<T> {
  value: T;
  remaining: number | undefined;
}

function take<T>(map: Map<string, Armed<T>>, key: string): T | undefined {
  const armed = map.get(key);
  if (!armed) return undefined;
  if (armed.remaining !== undefined && --armed.remaining <= 0) map.delete(key);
  return armed.value;
}

/** The fault switchboard of one simulated machine (`machine.faults`). */
export class SimFaults {
  private readonly portJoins = new Map<string, Armed<ErrnoName>>();
  private readonly commands = new Map<string, Armed<CommandFault>>();
  private readonly delays = new Map<string, Armed<number>>();
  /** rc.conf writes left to fail with ENOSPC (undefined: the disk has room; Infinity: until cleared). */
  private diskFullWrites: number | undefined;
  /** Crash points left before the armed reboot (undefined: none armed). */
  private rebootIn: number | undefined;
  private points = 0;

  /**
   * Makes joins of `port` to any lagg fail with `errno` (e.g. "EBUSY", "ENXIO", "EINVAL"); ifconfig
   * then prints `ifconfig: lagg0 igb1: SIOCSLAGGPORT: <strerror>`. Every join fails unless `times` is given.
   */
  failPortJoin(port: string, errno: ErrnoName | string, options: { times?: number } = {}): void {
    if (!isErrnoName(errno)) throw new Error(`unknown errno name ${errno}`);
    this.portJoins.set(port, { value: errno, remaining: options.times });
  }

  /** Makes `command` (basename, e.g. "sysrc") print `stderr` and exit with `exitCode` instead of running. */
  failCommand(command: string, fault: CommandFault): void {
    this.commands.set(command, { value: fault, remaining: fault.times });
  }

  /**
   * Makes `command` take `ms` longer before it runs (a slow driver, a loaded box), so a test can
   * land an event (a cut connection, a reboot) in the middle of a script.
   */
  slowCommand(command: string, ms: number, options: { times?: number } = {}): void {
    if (!(ms >= 0)) throw new RangeError(`slowCommand needs ms >= 0, got ${ms}`);
    this.delays.set(command, { value: ms, remaining: options.times });
  }

  /**
   * Reboots the host at the `n`th crash point from now (1 = the first). A crash point is the end of an
   * emulated command that wrote nothing to rc.conf, or one rc.conf file write inside a command: sysrc(8)
   * rewrites the file once per variable (f_sysrc_set/f_sysrc_delete, usr.sbin/bsdconfig/share/sysrc.subr,
   * FreeBSD 13/14), so a power loss can land between two variables of one call; the command stops there.
   * The reboot is the reboot(8) one (machine.reboot(): sessions and detached processes killed, boot from
   * rc.conf). Fires once.
   */
  rebootAtPoint(n: number): void {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`rebootAtPoint needs an integer n >= 1, got ${n}`);
    this.rebootIn = n;
  }

  /** Crash points passed since the last resetCrashPoints() (a fault-free run counts a script's points). */
  get crashPoints(): number {
    return this.points;
  }

  resetCrashPoints(): void {
    this.points = 0;
  }

  /** Counts one crash point; true when the armed reboot is due now (called by the machine). */
  takeCrashPoint(): boolean {
    this.points++;
    if (this.rebootIn === undefined || --this.rebootIn > 0) return false;
    this.rebootIn = undefined;
    return true;
  }

  /**
   * Fills the disk: each rc.conf write by sysrc (an assignment or a removal) fails with ENOSPC and leaves the
   * file as it was, the next `times` ones or all until cleared. sysrc writes a new value through a temporary
   * file: `echo "$new_contents" | tail -r > "$tmpfile" || return $FAILURE`, then `mv "$tmpfile" "$file"`
   * (f_sysrc_set, usr.sbin/bsdconfig/share/sysrc.subr, FreeBSD 13/14), so a full disk fails the write before
   * the mv and the file is untouched; sysrc goes on with its next argument and exits 1. Inferred: the message
   * is tail(1)'s `tail: stdout: No space left on device`; an appended new variable (`echo ... >> "$file"`)
   * fails the same way with nothing written (a partly filled last block is not modelled). Real cp/mv on the
   * simulated host's files are not affected (they run on the real disk).
   */
  fillDisk(options: { times?: number } = {}): void {
    this.diskFullWrites = options.times ?? Infinity;
  }

  /** Consumes one failing rc.conf write, if the disk is full (called by sysrc). */
  takeDiskFull(): boolean {
    if (this.diskFullWrites === undefined) return false;
    if (--this.diskFullWrites <= 0) this.diskFullWrites = undefined;
    return true;
  }

  clearPortJoin(port?: string): void {
    if (port === undefined) this.portJoins.clear();
    else this.portJoins.delete(port);
  }

  clearCommand(command?: string): void {
    if (command === undefined) this.commands.clear();
    else this.commands.delete(command);
  }

  /** Removes every armed fault. */
  clear(): void {
    this.portJoins.clear();
    this.commands.clear();
    this.delays.clear();
    this.diskFullWrites = undefined;
    this.rebootIn = undefined;
  }

  /** Consumes the fault armed for a join of `port`, if any (called by the kernel). */
  takePortJoinFault(port: string): ErrnoName | undefined {
    return take(this.portJoins, port);
  }

  /** Consumes the fault armed for `command`, if any (called by the machine). */
  takeCommandFault(command: string): CommandFault | undefined {
    return take(this.commands, command);
  }

  /** Consumes the delay armed for `command`, if any (called by the machine). */
  takeCommandDelay(command: string): number | undefined {
    return take(this.delays, command);
  }
}
