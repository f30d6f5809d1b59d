// The LACP (802.3ad) view of a lagg: which ports negotiated, aggregators, actor and
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

/**
 * Where a port's LACP machines stand (ieee8023ad_lacp.c: 14.0-era main, 13.x, 12-era, 10.4):
 * - disabled: no link; lacp_linkstate() -> lacp_port_disable(): AGGREGATION off, admin partner, DEFAULTED.
 * - stopped: the lagg is down, lacp_tick() does not run; the port stays EXPIRED as lacp_port_create left it.
 * - defaulted: no LACPDU heard; lacp_sm_rx_timer (EXPIRED -> DEFAULTED) runs lacp_sm_rx_update_default_selected
 *   (UNSELECTED: the zeroed partner differs from the admin one) and lacp_sm_rx_record_default(), which installs
 *   lacp_partner_admin_strict or _optimistic and sets DEFAULTED. 12, 13 and 14 never select a DEFAULTED port
 *   (lacp_select: "If we haven't heard from our peer, skip this step"), so the mux stays DETACHED in either
 *   mode: no aggregator, no SYNC, flags=0<> (lacp_isactive needs the active aggregator), nothing carried.
 * - optimistic: the same on a kernel without that check (10.4 has none; 11 unread, modelled so: inferred)
 *   with lacp_strict off: the optimistic partner is in SYNC and COLLECTING, so the mux reaches DISTRIBUTING
 *   with DEFAULTED set.
 * - attaching: the partner answers but the mux has not reached DISTRIBUTING yet (the simulated LACP delay;
 *   shown as ATTACHED, SYNC set, waiting for the partner: inferred from lacp_set_mux).
 * - distributing: negotiated.
 */
export type LacpPortPhase = "disabled" | "stopped" | "defaulted" | "optimistic" | "attaching" | "distributing";

/** The LACP phase of a port of an lacp lagg. */
export function lacpPortPhase(lagg: SimInterface, port: SimInterface): LacpPortPhase {
  if (!portActive(port)) return "disabled";
  if (!isUp(lagg)) return "stopped";
  if (port.lacpPartner) return port.lacpPending ? "attaching" : "distributing";
  const sc = lagg.lagg;
  return sc?.selectsDefaulted && !sc.lacpStrict ? "optimistic" : "defaulted";
}

/** The port is COLLECTING and DISTRIBUTING (with a real partner, or optimistically on old kernels). */
export function lacpNegotiated(lagg: SimInterface, port: SimInterface): boolean {
  if (!isLacp(lagg)) return false;
  const phase = lacpPortPhase(lagg, port);
  return phase === "distributing" || phase === "optimistic";
}

/** lacp_compose_key for an aggregatable port: speed class | lagg if_index << 5. */
function aggregatableKey(lagg: SimInterface, port: SimInterface): number {
  return ((port.profile?.lacpSpeedKey ?? 11) | ((lagg.index << 5) & 0x7fe0)) >>> 0;
}

/**
 * The distributing ports of the active aggregator. Ports aggregate by (actor key, partner system);
 * lacp_select_active_aggregator() prefers the partner with the better (lower) system priority, so a real
 * switch (0x8000) beats the admin partner (0xffff), then the most bandwidth; the first one wins ties.
 */
export function activeAggregator(lagg: SimInterface): SimInterface[] {
  const groups = new Map<string, SimInterface[]>();
  for (const port of lagg.lagg?.ports ?? []) {
    if (!lacpNegotiated(lagg, port)) continue;
    const partner = lacpPortPhase(lagg, port) === "optimistic" ? "admin" : "switch";
    const key = `${aggregatableKey(lagg, port)}/${partner}`;
    groups.set(key, [...(groups.get(key) ?? []), port]);
  }
  let best: SimInterface[] = [];
  let bestRank: [number, number] = [Infinity, 0];
  for (const ports of groups.values()) {
    const prio = lacpPortPhase(lagg, ports[0]) === "optimistic" ? ADMIN_PARTNER.prio : LACP_SYSTEM_PRIO;
    const speed = (ports[0].profile?.speedMbps ?? 1000) * ports.length;
    if (prio < bestRank[0] || (prio === bestRank[0] && speed > bestRank[1])) [best, bestRank] = [ports, [prio, speed]];
  }
  return best;
}

/** The actor state bits of a port (LACP_STATE_*), as `ifconfig -v` prints them after `state=`. */
export function lacpPortState(lagg: SimInterface, port: SimInterface): number {
  const timeout = port.member?.lacpTimeout ? LACP_STATE.TIMEOUT : 0;
  const base = LACP_STATE.ACTIVITY | timeout;
  const distributing = LACP_STATE.AGGREGATION | LACP_STATE.SYNC | LACP_STATE.COLLECTING | LACP_STATE.DISTRIBUTING;
  switch (lacpPortPhase(lagg, port)) {
    case "disabled": return base | LACP_STATE.DEFAULTED;
    case "stopped": return base | LACP_STATE.AGGREGATION | LACP_STATE.EXPIRED;
    case "defaulted": return base | LACP_STATE.AGGREGATION | LACP_STATE.DEFAULTED;
    case "optimistic": return base | distributing | LACP_STATE.DEFAULTED;
    case "attaching": return base | LACP_STATE.AGGREGATION | LACP_STATE.SYNC;
    case "distributing": return base | distributing;
  }
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

/** The partner a port records: the switch once it has heard it, else the admin defaults. */
export function lacpPartnerOf(lagg: SimInterface, port: SimInterface): LacpPeer {
  const phase = lacpPortPhase(lagg, port);
  return phase === "distributing" || phase === "attaching" ? switchPeer(lagg, port) : ADMIN_PARTNER;
}

/** `lag id:` — the active aggregator's (actor, partner) with port fields zero, or all zeros. */
export function lagIdPeers(lagg: SimInterface): [LacpPeer, LacpPeer] {
  const ports = activeAggregator(lagg);
  if (ports.length === 0) return [NO_PEER, NO_PEER];
  const actor = { ...lacpActor(lagg, ports[0]), portPrio: 0, portNo: 0 };
  // lacp_fill_aggregator_id_peer keeps only the system id and key of the partner.
  if (lacpPortPhase(lagg, ports[0]) === "optimistic") return [actor, { ...ADMIN_PARTNER, portPrio: 0, portNo: 0 }];
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
