// Why an lacp lagg has (or has not) a negotiated aggregate, from what `ifconfig -v` shows of its
// ports (pure). Read from sys/net/ieee8023ad_lacp.c (FreeBSD 12-era, 13.x and 14.0-era main):
// - A port that hears no LACPDU goes EXPIRED, then DEFAULTED (lacp_sm_rx_timer): lacp_sm_rx_record_default
//   installs lacp_partner_admin_strict, or lacp_partner_admin_optimistic (SYNC, COLLECTING, DISTRIBUTING)
//   when lacp_strict is off. Either way lacp_select returns early for it ("If we haven't heard from our
//   peer, skip this step": `if (lp->lp_state & LACP_STATE_DEFAULTED) return;`), so it joins no aggregator,
//   the mux machine stays DETACHED, and the port neither collects nor distributes: `flags=0<>`,
//   `state=45<ACTIVITY,AGGREGATION,DEFAULTED>`. With no port in an aggregator there is no active one and
//   lacp_select_tx_port_by_hash answers ENETDOWN: the lagg carries nothing, strict or not.
// - Only kernels without that check (10.4's ieee8023ad_lacp.c has none) distribute with the optimistic
//   partner: COLLECTING,DISTRIBUTING flags with DEFAULTED in the state, carrying traffic to a switch that
//   aggregates nothing. That is not a negotiated aggregate either.
// - No link: lacp_linkstate -> lacp_port_disable clears AGGREGATION (`state=41<ACTIVITY,DEFAULTED>`).
// - ATTACHED (actor SYNC set, not COLLECTING): selected, waiting for the partner's SYNC (lacp_sm_mux).
// The default of lacp_strict is net.link.lagg.lacp.default_strict_mode, 1 in every release read above.
import type { LacpStatus, LaggPortStatus } from "./types";

export type { LacpStatus };


type PortView = Pick<LaggPortStatus, "name" | "flags" | "negotiated" | "lacpState">;

/** Why one port that did not negotiate is out, from its flags and actor state. */
export function lacpPortReason(p: PortView): string {
  const state = p.lacpState;
  if (!state) return "not collecting and distributing (no actor state: ifconfig without -v)";
  const distributing = p.flags.includes("COLLECTING") && p.flags.includes("DISTRIBUTING");
  if (!state.includes("AGGREGATION")) return "no link";
  if (state.includes("DEFAULTED") && distributing) return "no LACP partner (DEFAULTED): distributing with the optimistic default partner (lacp_strict off, a kernel that uses it), no negotiated aggregate";
  if (state.includes("DEFAULTED")) return "no LACP partner (DEFAULTED: no LACPDU heard, so it joins no aggregator, strict or not)";
  if (state.includes("EXPIRED")) return "partner timed out (EXPIRED: no LACPDU lately, or the lagg is down)";
  if (state.includes("SYNC")) return "waiting for the partner to synchronize (ATTACHED)";
  return "not collecting and distributing";
}

/**
 * The LACP verdict for an lacp lagg's ports: negotiated when one port has a real partner; the reason
 * names every port left out (`igb2: no LACP partner (...)`), grouped when several share one.
 */
export function lacpStatusOf(ports: readonly PortView[]): LacpStatus {
  const negotiated = ports.some((p) => p.negotiated);
  if (ports.length === 0) return { negotiated, reason: "no ports" };
  const byReason = new Map<string, string[]>();
  for (const p of ports.filter((x) => !x.negotiated)) {
    const why = lacpPortReason(p);
    byReason.set(why, [...(byReason.get(why) ?? []), p.name]);
  }
  if (byReason.size === 0) return { negotiated };
  const reason = [...byReason].map(([why, names]) => `${names.join(", ")}: ${why}`).join("; ");
  return { negotiated, reason };
}
