// lagg_status() of sbin/ifconfig/iflagg.c: the laggproto/laggport lines and the -v blocks.
import { LACP_STATE_BITS, LAGG_OPT_BITS, LAGG_PORT_BITS, printb } from "./bits";
import { lacpActor, lacpPartnerOf, lacpPortState, lagIdPeers, LacpPeer } from "./lacp";
import { laggOptionBits } from "./lagg-config";
import { activePortCount, portFlags } from "./lagg-view";
import { formatLacpMac } from "./mac";
import type { SimInterface } from "./types";

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");

function peerTuple(p: LacpPeer): string {
  return `(${hex4(p.prio)},${formatLacpMac(p.mac)},${hex4(p.key)},${hex4(p.portPrio)},${hex4(p.portNo)})`;
}

/** lacp_format_peer(req, "\n\t\t "): actor and partner on two lines. */
function formatPeer(actor: LacpPeer, partner: LacpPeer): string {
  return `[${peerTuple(actor)},\n\t\t ${peerTuple(partner)}]`;
}

function hashText(hash: number): string {
  return ["l2", "l3", "l4"].filter((_, i) => hash & (1 << i)).join(",");
}

/** The lagg block of `ifconfig [-v] laggN`. */
export function formatLaggStatus(lagg: SimInterface, verbose: boolean): string {
  const sc = lagg.lagg!;
  const lacp = sc.proto === "lacp";
  let out = `\tlaggproto ${sc.proto}`;
  if (sc.hash & 7) out += ` lagghash ${hashText(sc.hash)}`;
  out += "\n";
  if (verbose) {
    out += "\tlagg options:\n";
    out += `${printb("\t\tflags", laggOptionBits(sc), LAGG_OPT_BITS)}\n`;
    out += `\t\tflowid_shift: ${sc.flowidShift}\n`;
    if (sc.proto === "roundrobin") out += `\t\trr_limit: ${sc.stride | 0}\n`;
    out += "\tlagg statistics:\n";
    out += `\t\tactive ports: ${activePortCount(lagg)}\n`;
    out += `\t\tflapping: ${sc.flapping}\n`;
    if (lacp) out += `\tlag id: ${formatPeer(...lagIdPeers(lagg))}\n`;
  }
  for (const port of sc.ports) {
    out += `\tlaggport: ${port.name} ${printb("flags", portFlags(lagg, port), LAGG_PORT_BITS)}`;
    if (verbose && lacp) out += printb(" state", lacpPortState(lagg, port), LACP_STATE_BITS);
    out += "\n";
    if (verbose && lacp) out += `\t\t${formatPeer(lacpActor(lagg, port), lacpPartnerOf(lagg, port))}\n`;
  }
  return out;
}
