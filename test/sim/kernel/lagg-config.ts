// SIOCSLAGG / SIOCSLAGGOPTS / SIOCSLAGGHASH and the option bits SIOCGLAGGOPTS reports.
import { LAGG_OPT } from "./bits";
import { check } from "./errno";
import type { Kernel } from "./kernel";
import type { LaggProto, LaggSoftc, SimInterface } from "./types";

/** LAGG_PROTOS names, "default" meaning failover. */
export const LAGG_PROTO_NAMES: Record<string, LaggProto> = {
  failover: "failover", lacp: "lacp", loadbalance: "loadbalance", roundrobin: "roundrobin",
  broadcast: "broadcast", none: "none", default: "failover",
};

function softc(kernel: Kernel, name: string): [SimInterface, LaggSoftc] {
  const iface = kernel.get(name);
  check(iface.lagg, "EINVAL", `${name} is not a lagg`);
  return [iface, iface.lagg];
}

/**
 * SIOCSLAGG: detaches the current protocol and attaches `proto`, even when it is the same one, so
 * LACP options go back to their defaults and roundrobin's stride to 1.
 */
export function setLaggProto(kernel: Kernel, name: string, proto: LaggProto): void {
  const [iface, sc] = softc(kernel, name);
  sc.proto = proto;
  if (proto === "roundrobin") sc.stride = 1;
  if (proto === "lacp") {
    Object.assign(sc, { lacpStrict: true, lacpFastTimeout: false, lacpTxTest: false, lacpRxTest: false });
    for (const port of sc.ports) port.member!.lacpTimeout = false;
  }
  kernel.notify(iface, `laggproto ${proto}`);
}

const GENERIC_OPTS: number[] = [LAGG_OPT.USE_FLOWID, LAGG_OPT.USE_NUMA];
const LACP_OPTS: number[] = [LAGG_OPT.LACP_TXTEST, LAGG_OPT.LACP_RXTEST, LAGG_OPT.LACP_STRICT, LAGG_OPT.LACP_FAST_TIMO];

/**
 * SIOCSLAGGOPTS with a single (+/-) option bit, as ifconfig sends them. LACP options on a non-lacp
 * lagg give EINVAL.
 */
export function setLaggOption(kernel: Kernel, name: string, option: number): void {
  const [iface, sc] = softc(kernel, name);
  const bit = Math.abs(option);
  const lacp = LACP_OPTS.includes(bit);
  check(GENERIC_OPTS.includes(bit) || lacp, "EINVAL", `option ${option}`);
  check(!lacp || sc.proto === "lacp", "EINVAL", "LACP option on a non-lacp lagg");
  const on = option > 0;
  if (!lacp) {
    // if_lagg.c clears with `sc_opts &= ~ro_opts` on the negative value, i.e. &= (bit - 1): clearing
    // a bit also clears every higher one (-use_flowid clears USE_NUMA too).
    sc.opts = on ? sc.opts | bit : sc.opts & ~option;
  } else if (bit === LAGG_OPT.LACP_STRICT) {
    sc.lacpStrict = on;
  } else if (bit === LAGG_OPT.LACP_TXTEST) {
    sc.lacpTxTest = on;
  } else if (bit === LAGG_OPT.LACP_RXTEST) {
    sc.lacpRxTest = on;
  } else {
    sc.lacpFastTimeout = on;
    for (const port of sc.ports) port.member!.lacpTimeout = on;
  }
  kernel.notify(iface, `laggopt ${option}`);
}

/** SIOCSLAGGOPTS(FLOWIDSHIFT); ifconfig has already checked the 0..31 range. */
export function setLaggFlowidShift(kernel: Kernel, name: string, shift: number): void {
  const [iface, sc] = softc(kernel, name);
  sc.flowidShift = shift;
  kernel.notify(iface, `flowid_shift ${shift}`);
}

/** SIOCSLAGGOPTS(RR_LIMIT): only on a roundrobin lagg and never 0 (EINVAL). */
export function setLaggStride(kernel: Kernel, name: string, stride: number): void {
  const [iface, sc] = softc(kernel, name);
  check(sc.proto === "roundrobin" && stride !== 0, "EINVAL", "rr_limit");
  sc.stride = stride;
  kernel.notify(iface, `rr_limit ${stride}`);
}

/** SIOCSLAGGHASH: LAGG_F_HASHL2 (1) | L3 (2) | L4 (4); none at all is EINVAL. */
export function setLaggHash(kernel: Kernel, name: string, flags: number): void {
  const [iface, sc] = softc(kernel, name);
  check((flags & 7) !== 0, "EINVAL", "lagghash");
  sc.hash = flags & 7;
  kernel.notify(iface, `lagghash ${flags & 7}`);
}

/** ro_opts as SIOCGLAGGOPTS reports it (LACP bits come from the LACP softc). */
export function laggOptionBits(sc: LaggSoftc): number {
  let opts = sc.opts;
  if (sc.proto === "lacp") {
    if (sc.lacpTxTest) opts |= LAGG_OPT.LACP_TXTEST;
    if (sc.lacpRxTest) opts |= LAGG_OPT.LACP_RXTEST;
    if (sc.lacpStrict) opts |= LAGG_OPT.LACP_STRICT;
    if (sc.lacpFastTimeout) opts |= LAGG_OPT.LACP_FAST_TIMO;
  }
  return opts;
}
