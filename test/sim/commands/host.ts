// What an emulated command can reach on its machine.
import type { CommandResult } from "../machine-api";
import type { SimFaults } from "../kernel/faults";
import type { Kernel } from "../kernel/kernel";
import type { TrueNasMiddleware } from "../truenas/middleware";
import type { RcConfStore } from "./rcconf";

/** The machine as the emulated commands see it. */
export interface CommandHost {
  readonly kernel: Kernel;
  readonly rc: RcConfStore;
  readonly faults: SimFaults;
  readonly osRelease: string;
  readonly truenas: boolean;
  /** The TrueNAS middleware (only on TrueNAS machines): what midclt talks to. */
  readonly middleware?: TrueNasMiddleware;
  /** The directory that is the host's `/` once a transport gave it one (rc's globs expand against it). */
  readonly rootDir?: string;
  /** The running hostname (kern.hostname). */
  hostname: string;
  /** Hands out the next address of the fake DHCP server (198.51.100.N/24) for an interface. */
  leaseAddress(iface: string): string;
  /** Runs another emulated command in-process, as rc scripts run ifconfig. */
  exec(command: string, argv: string[], env?: Record<string, string>): CommandResult;
  /** Reboots: the kernel state is rebuilt from the persisted configuration. */
  reboot(): void;
}

/** argv (without the command name), stdin and environment of one run. */
export interface CommandInvocation {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

/** An emulated command. */
export type SimCommand = (host: CommandHost, call: CommandInvocation) => CommandResult;

/** strtol(3) with base 10: leading blanks and sign, digits up to the first non-digit, 0 if none. */
export function cStrtol(text: string): number {
  const m = text.match(/^\s*([+-]?)(\d*)/);
  const n = m && m[2] ? parseInt(m[2], 10) : 0;
  return m?.[1] === "-" ? -n : n;
}

/** atoi(3). */
export function cAtoi(text: string): number {
  return cStrtol(text) | 0;
}
