// The kernel model's state: plain objects, mutated only through the kernel's operations.
import type { Ipv6Words } from "./ipv6";
import type { Mac } from "./mac";
import type { DriverProfile } from "./nic-models";

/** One IPv4 address on an interface. */
export interface InetAddress {
  /** uint32 */
  address: number;
  prefixLength: number;
  /** uint32; set on broadcast-capable interfaces (given, or address | ~mask). */
  broadcast?: number;
}

/** One IPv6 address on an interface. */
export interface Inet6Address {
  words: Ipv6Words;
  prefixLength: number;
  /** IN6_IFF_* flags (anycast, autoconf, ...); printed after the prefix length. */
  flags: number;
}

/** lagg(4) protocols, in LAGG_PROTOS order. */
export type LaggProto = "failover" | "lacp" | "loadbalance" | "roundrobin" | "broadcast" | "none";

/** The lagg softc: what `struct lagg_softc` holds that ifconfig can see. */
export interface LaggSoftc {
  proto: LaggProto;
  /** Ports sorted by if_index (the kernel inserts them that way). */
  ports: SimInterface[];
  /** sc_primary: the first port added; re-elected to the list head when it leaves. */
  primary: SimInterface | null;
  /** sc_opts: USE_FLOWID / USE_NUMA bits. */
  opts: number;
  flowidShift: number;
  /** sc_stride (rr_limit); 1 after the roundrobin protocol attaches. */
  stride: number;
  /** LAGG_F_HASHL2 (1) | L3 (2) | L4 (4). */
  hash: number;
  /** LACP softc options (reset whenever the protocol is (re)attached). */
  lacpStrict: boolean;
  lacpFastTimeout: boolean;
  lacpTxTest: boolean;
  lacpRxTest: boolean;
  /**
   * lacp_select() also selects DEFAULTED ports (10.4: no "If we haven't heard from our peer" check; 11
   * inferred; 12, 13 and 14 have it), so with lacp_strict off a partnerless port distributes with the
   * optimistic admin partner.
   */
  selectsDefaulted?: boolean;
  /** sc_flapping: DISTRIBUTING -> COLLECTING transitions. */
  flapping: number;
  /** Ports that were distributing at the last recomputation (to count flaps). */
  distributing: Set<SimInterface>;
}

/** What a lagg member remembers to restore when it leaves (lagg_port). */
export interface PortMembership {
  lagg: SimInterface;
  savedMac: Mac;
  savedCapenable: number;
  /** The LACP TIMEOUT (fast) actor bit: set on ports present when lacp_fast_timeout was applied. */
  lacpTimeout: boolean;
}

/** One network interface (ifnet). */
export interface SimInterface {
  name: string;
  index: number;
  kind: "ether" | "lagg" | "loop";
  /** The driver/cloner name ("em", "lagg", "lo") and unit: the original name survives renames. */
  driver: string;
  unit: number;
  /** Administrative if_flags (UP, BROADCAST, SIMPLEX, MULTICAST, PPROMISC, ...). */
  flags: number;
  metric: number;
  mtu: number;
  /** Largest MTU the driver accepts. */
  maxMtu: number;
  mac: Mac | null;
  /** Permanent (burned-in) address; all zeros for a lagg. */
  hwaddr: Mac | null;
  capabilities: number;
  capenable: number;
  description?: string;
  inet: InetAddress[];
  inet6: Inet6Address[];
  nd6: number;
  /** Interface groups except "all". */
  groups: string[];
  /** Physical carrier (cable plugged, far end up). */
  carrier: boolean;
  /** Whether an LACP partner answers on this port. */
  lacpPartner: boolean;
  /** Carrier is there and the NIC is up, but the driver has not reported link yet (kernel/link-timers.ts). */
  linkPending?: boolean;
  /** The partner answers, but the port has not reached COLLECTING,DISTRIBUTING yet (kernel/link-timers.ts). */
  lacpPending?: boolean;
  profile?: DriverProfile;
  /** Set while the interface is a lagg port. */
  member?: PortMembership;
  /** Set on lagg interfaces. */
  lagg?: LaggSoftc;
}
