// The shapes that cross module boundaries: resource arguments, normalized inputs and outputs.

/** lagg(4) aggregation protocols this package manages (FreeBSD 11+; `fec` was removed in 11.0). */
export const LAGG_PROTOCOLS = ["lacp", "failover", "loadbalance", "roundrobin", "broadcast", "none"] as const;
export type LaggProtocol = (typeof LAGG_PROTOCOLS)[number];

/** Layers `lagghash` accepts. */
export const HASH_LAYERS = ["l2", "l3", "l4"] as const;
export type HashLayer = (typeof HASH_LAYERS)[number];

/** The protocols that read `lagghash` (loadbalance and lacp; see schema/protocol.ts for the source). */
export const HASH_PROTOCOLS = ["lacp", "loadbalance"] as const satisfies readonly LaggProtocol[];

/** Where live changes are persisted so they survive a reboot. */
export const PERSIST_MODES = ["auto", "rc.conf", "truenas", "none"] as const;
export type PersistMode = (typeof PERSIST_MODES)[number];

/** SSH connection to one hop; mirrors `@pulumi/command`'s `remote.Connection`. */
export interface HopConnection {
  host: string;
  /** Default 22. */
  port?: number;
  /** Default "root". */
  user?: string;
  password?: string;
  privateKey?: string;
  privateKeyPassword?: string;
  /** Default `$SSH_AUTH_SOCK` (read at run time). */
  agentSocketPath?: string;
  /** Dial attempts before giving up; -1 = unlimited. Default 10. */
  dialErrorLimit?: number;
  /** Seconds per dial attempt; 0 = no limit. Default 15. */
  perDialTimeout?: number;
  /** Expected host key: an authorized_keys line (`ssh-ed25519 AAAA...`) or a `SHA256:` fingerprint. */
  hostKey?: string;
  /** An OpenSSH known_hosts file to verify the host key against. */
  knownHostsPath?: string;
  /** Skip host key verification. Never the default. */
  insecureSkipHostKeyCheck?: boolean;
}

/** SSH connection to the target host, optionally through a jump host. */
export interface Connection extends HopConnection {
  proxy?: HopConnection;
}

/** Arguments of the Lagg resource as users write them. */
export interface LaggArgs {
  connection: Connection;
  name: string;
  protocol: LaggProtocol;
  ports: string[];
  mtu?: number;
  description?: string;
  addresses?: string[];
  dhcp?: boolean;
  ipv6Autoconf?: boolean;
  hash?: HashLayer[];
  lacpFastTimeout?: boolean;
  lacpStrict?: boolean;
  /** lacp: seconds to wait for every port's LACP partner after ports join (else fail, roll back). Default 30; 0 = no wait. */
  lacpTimeout?: number;
  useFlowid?: boolean;
  flowidShift?: number;
  rrLimit?: number;
  disableHardwareOffload?: boolean;
  options?: string[];
  persist?: PersistMode;
  safeApply?: boolean;
  /** Seconds a safe apply waits for confirmation before the host rolls back. Default 60. */
  confirmTimeout?: number;
  /** Take over an existing lagg: false (refuse), true (converge, logging each change), "observe" (record it, change nothing). */
  adopt?: AdoptMode;
  /**
   * TrueNAS: when the interface carrying the SSH session has no row in the middleware's database (a fresh
   * install), record it as it is configured now rather than refuse the change. Default false.
   */
  truenasKeepManagementInterface?: boolean;
}

/** Inputs after `check`: defaults filled, values normalized (addresses canonical, hash sorted). */
export interface LaggInputs {
  connection: Connection;
  name: string;
  protocol: LaggProtocol;
  ports: string[];
  mtu: number;
  description: string;
  addresses: string[];
  dhcp: boolean;
  ipv6Autoconf: boolean;
  hash: HashLayer[];
  lacpFastTimeout: boolean;
  /** undefined = leave the host's default (net.link.lagg.lacp.default_strict_mode). */
  lacpStrict?: boolean;
  /** Seconds the LACP gate waits for partners (0 = no gate); undefined = the default, 30. */
  lacpTimeout?: number;
  /** undefined = leave the host's default (net.link.lagg.default_use_flowid). */
  useFlowid?: boolean;
  /** undefined = leave the host's default (16). */
  flowidShift?: number;
  /** undefined = leave the host's default. */
  rrLimit?: number;
  disableHardwareOffload: boolean;
  options: string[];
  persist: PersistMode;
  safeApply: boolean;
  confirmTimeout: number;
  adopt: AdoptMode;
  /** undefined = false: refuse a TrueNAS change while the session's interface has no middleware row. */
  truenasKeepManagementInterface?: boolean;
}

/** The LACP side of `status`: whether an aggregate is negotiated and, when a port is left out, why. */
export interface LacpStatus {
  /** At least one port collects and distributes with a real partner (state not DEFAULTED). */
  negotiated: boolean;
  /** Why ports are not in a negotiated aggregate, per port (absent when every port negotiated). */
  reason?: string;
}

/** One member port as the kernel reports it (`laggport:` lines of `ifconfig -v`). */
export interface LaggPortStatus {
  name: string;
  /** Port flags as printed: MASTER, STACK, ACTIVE, COLLECTING, DISTRIBUTING. */
  flags: string[];
  /** ACTIVE: the port carries traffic (failover: only the one port in use; lacp: in the active aggregator). */
  active: boolean;
  /** MASTER: the failover primary. */
  primary: boolean;
  /**
   * lacp only: the port has a real partner (COLLECTING and DISTRIBUTING, state not DEFAULTED);
   * false for other protocols. `active` alone is not enough: see the README's "LACP negotiation".
   */
  negotiated: boolean;
  /** lacp only: the actor state names `ifconfig -v` prints (ACTIVITY, AGGREGATION, SYNC, ...). */
  lacpState?: string[];
}

/** Observed facts about the lagg, returned as the `status` output. */
export interface LaggStatus {
  ports: LaggPortStatus[];
  /** Names of the ports carrying traffic (flag ACTIVE), in the kernel's order. */
  activePorts: string[];
  /** `activePorts.length`. */
  activePortCount: number;
  /** The lagg's MAC address. */
  ether: string;
  /** lacp: at least one port negotiated with the partner; always false for other protocols. */
  lacpNegotiated: boolean;
  /** lacp only: `negotiated` (as lacpNegotiated) and, when a port is left out, why (e.g. no LACP partner, DEFAULTED). */
  lacp?: LacpStatus;
}

/** How `adopt` takes over a lagg that already exists. */
export const ADOPT_MODES = [false, true, "observe"] as const;
export type AdoptMode = (typeof ADOPT_MODES)[number];
