// The LACP (802.3ad) view of a lagg in steady state: which ports negotiated, aggregators, actor and
// partner info as `ifconfig -v` prints them (ieee8023ad_lacp.c), and the flapping counter.
import { LACP_STATE } from "./bits";
import type { Kernel } from "./kernel";
import { isUp, portActive } from "./link";
import { Mac, ZERO_MAC } from "./mac";
import type { SimInterface } from "./types";

/** One side of an LACP peer tuple: (prio, system MAC, key, port prio, port number). */
export interface LacpPeer {
  prio: number;
  mac: Mac;
  key: number;
  portPrio: number;
  portNo: number;
}

const LACP_SYSTEM_PRIO = 0x8000;
const LACP_PORT_PRIO = 0x8000;
/** lacp_partner_admin_{strict,optimistic}: what a port shows before a partner is heard. */
const ADMIN_PARTNER: LacpPeer = { prio: 0xffff, mac: ZERO_MAC, key: 0, portPrio: 0xffff, portNo: 0 };
const NO_PEER: LacpPeer = { prio: 0, mac: ZERO_MAC, key: 0, portPrio: 0, portNo: 0 };

function isLacp(lagg: SimInterface): boolean {
  return lagg.lagg?.proto === "lacp";
}

/** The port is COLLECTING and DISTRIBUTING: lagg running, port active, partner answering. */
export function lacpNegotiated(lagg: SimInterface, port: SimInterface): boolean {
  return isLacp(lagg) && isUp(lagg) && portActive(port) && port.lacpPartner;
}

/** lacp_compose_key for an aggregatable port: speed class | lagg if_index << 5. */
function aggregatableKey(lagg: SimInterface, port: SimInterface): number {
  return ((port.profile?.lacpSpeedKey ?? 11) | ((lagg.index << 5) & 0x7fe0)) >>> 0;
}

/** The negotiated ports of the active aggregator (highest bandwidth; first one wins ties). */
export function activeAggregator(lagg: SimInterface): SimInterface[] {
  const groups = new Map<number, SimInterface[]>();
  for (const port of lagg.lagg?.ports ?? []) {
    if (!lacpNegotiated(lagg, port)) continue;
    const key = aggregatableKey(lagg, port);
    groups.set(key, [...(groups.get(key) ?? []), port]);
  }
  let best: SimInterface[] = [];
  let bestSpeed = 0;
  for (const ports of groups.values()) {
    const speed = (ports[0].profile?.speedMbps ?? 1000) * ports.length;
    if (speed > bestSpeed) [best, bestSpeed] = [ports, speed];
  }
  return best;
}

/** The actor state bits of a port (LACP_STATE_*). */
export function lacpPortState(lagg: SimInterface, port: SimInterface): number {
  const timeout = port.member?.lacpTimeout ? LACP_STATE.TIMEOUT : 0;
  const base = LACP_STATE.ACTIVITY | timeout;
  if (!portActive(port)) return base | LACP_STATE.DEFAULTED;
  if (!isUp(lagg)) return base | LACP_STATE.AGGREGATION | LACP_STATE.EXPIRED;
  if (!port.lacpPartner) return base | LACP_STATE.AGGREGATION | LACP_STATE.DEFAULTED;
  return base | LACP_STATE.AGGREGATION | LACP_STATE.SYNC | LACP_STATE.COLLECTING | LACP_STATE.DISTRIBUTING;
}

/** Our side of a port: system = lagg MAC, port number = the port's if_index. */
export function lacpActor(lagg: SimInterface, port: SimInterface): LacpPeer {
  const key = portActive(port) ? aggregatableKey(lagg, port) : (0x8000 | port.index) >>> 0;
  return { prio: LACP_SYSTEM_PRIO, mac: lagg.mac ?? ZERO_MAC, key, portPrio: LACP_PORT_PRIO, portNo: port.index };
}

/** The simulated switch: one system per lagg, one switch port per lagg port. */
function switchPeer(lagg: SimInterface, port: SimInterface | null): LacpPeer {
  const mac = [0x00, 0x1c, 0x73, 0x5e, 0x00, lagg.index & 0xff];
  const key = (0x0100 | (lagg.index & 0xff)) >>> 0;
  if (!port) return { prio: LACP_SYSTEM_PRIO, mac, key, portPrio: 0, portNo: 0 };
  return { prio: LACP_SYSTEM_PRIO, mac, key, portPrio: LACP_PORT_PRIO, portNo: 0x0100 | port.index };
}

/** The partner a port records: the switch once negotiated, else the admin defaults. */
export function lacpPartnerOf(lagg: SimInterface, port: SimInterface): LacpPeer {
  return lacpNegotiated(lagg, port) ? switchPeer(lagg, port) : ADMIN_PARTNER;
}

/** `lag id:` — the active aggregator's (actor, partner) with port fields zero, or all zeros. */
export function lagIdPeers(lagg: SimInterface): [LacpPeer, LacpPeer] {
  const ports = activeAggregator(lagg);
  if (ports.length === 0) return [NO_PEER, NO_PEER];
  const actor = { ...lacpActor(lagg, ports[0]), portPrio: 0, portNo: 0 };
  return [actor, switchPeer(lagg, null)];
}

/**
 * Counts flaps: a port that was distributing and stops while it still has link and its lagg is
 * running lost its partner (DISTRIBUTING -> COLLECTING), which lagg counts in sc_flapping.
 */
export function refreshLacp(kernel: Kernel): void {
  for (const lagg of kernel.list()) {
    const sc = lagg.lagg;
    if (!sc) continue;
    const now = new Set(sc.proto === "lacp" ? sc.ports.filter((p) => lacpNegotiated(lagg, p)) : []);
    for (const port of sc.distributing) {
      const stillThere = port.member?.lagg === lagg && sc.proto === "lacp";
      if (!now.has(port) && stillThere && isUp(lagg) && portActive(port)) sc.flapping++;
    }
    sc.distributing = now;
  }
}
