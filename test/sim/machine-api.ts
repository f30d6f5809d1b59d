// The contract between the simulated FreeBSD kernel/userland (test/sim/kernel, test/sim/commands)
// and the transports that expose it (test/sim/server: ssh2 Server, OpenSSH sshd, command shims).
import type { EventEmitter } from "node:events";
import type { DhcpServerOptions } from "./commands/dhclient";

/** What one emulated command printed and returned. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The calling session's view, forwarded by the command shim. */
export interface CommandContext {
  /** Everything the command read from its stdin (empty when it was not piped). */
  stdin: string;
  /** The session's environment as the shim saw it (SSH_CONNECTION, USER, ...). */
  env: Record<string, string>;
  /** The SSH session that ran the command, when known. */
  sessionId?: string;
}

/** A physical NIC of the simulated host. */
export interface SimNicSpec {
  name: string;
  /** Default: a stable locally-administered MAC derived from the name. */
  mac?: string;
  /** Link (carrier) state. Default true. */
  link?: boolean;
  /** Largest MTU the driver accepts. Default 9216. */
  maxMtu?: number;
  /** Whether an LACP partner answers on this port. Default true. */
  lacpPartner?: boolean;
  /** if_capabilities bit mask (IFCAP_*). Default: what the driver (em/igb/ix) supports. */
  capabilities?: number;
  /** if_capenable at boot. Default: what the driver enables. */
  enabledCapabilities?: number;
}

export interface SimMachineOptions {
  hostname?: string;
  /** `uname -r`. Default "14.1-RELEASE". Format of ifconfig output follows FreeBSD 14 regardless. */
  osRelease?: string;
  /** NICs. Default em0, em1, igb0, igb1, igb2, igb3, ix0, ix1, each with its own MAC and link up. */
  interfaces?: (string | SimNicSpec)[];
  /** TrueNAS CORE mode: midclt exists, the middleware database owns the network config. */
  truenas?: boolean;
  /**
   * The address the SSH sessions arrive on (the management path), e.g. { interface: "em0", address: "192.0.2.2/24" }.
   * Default: em0 with 192.0.2.2/24.
   */
  management?: { interface: string; address: string };
  /**
   * TrueNAS only: the machine as the installer leaves it: an empty interface database, every NIC on DHCP,
   * the management address the DHCP lease of `management.interface` (its address is ignored).
   */
  freshInstall?: boolean;
  /** TrueNAS only: shrink the middleware's waits for tests (lag_setup's link polls, midclt's call timeout). */
  truenasTiming?: { linkPollMs?: number; midcltSecondMs?: number };
  /** Carrier comes this many ms after a NIC is brought up (autonegotiation); `no carrier` until then. Default 0. */
  linkDelayMs?: number;
  /** An LACP port with a partner reaches COLLECTING,DISTRIBUTING this many ms after it joins or gets link. Default 0. */
  lacpDelayMs?: number;
  /** The simulated network's DHCP server and dhclient's (scaled) timeouts. */
  dhcp?: DhcpServerOptions;
}

/** One command run on the machine. */
export interface CommandRecord {
  command: string;
  argv: string[];
  stdin: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  sessionId?: string;
  at: number;
}

/** One state change of the kernel or of the persisted configuration. */
export interface ChangeRecord {
  /** The interface that changed ("" for non-interface changes such as rc.conf). */
  interface: string;
  /** What changed, e.g. "create", "destroy", "laggport+ igb0", "mtu 9000", "rc.conf ifconfig_lagg0". */
  what: string;
  at: number;
}

/** A simulated FreeBSD (or TrueNAS CORE) host: kernel state plus the emulated commands. */
export interface SimMachine extends EventEmitter {
  /** Names of the commands this machine emulates (the transport installs a shim for each). */
  readonly commandNames: readonly string[];
  /** Runs one emulated command (`command` is the basename, e.g. "ifconfig"; argv excludes it). */
  run(command: string, argv: string[], ctx: CommandContext): Promise<CommandResult>;
  /** True while `address` (no prefix) is configured on an interface that is UP and has carrier. */
  isAddressReachable(address: string): boolean;
  /** The management address (no prefix) that sessions arrive on. */
  readonly managementAddress: string;
  readonly records: { commands: CommandRecord[]; changes: ChangeRecord[] };
  /**
   * Events: "change" (ChangeRecord) after every state change; "reboot" when the host reboots
   * (transports must drop every open session; the machine rebuilds its state from the persisted config).
   */
}
