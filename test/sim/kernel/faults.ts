// Faults a test can inject: a port that refuses to join a lagg, a command that fails.
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
