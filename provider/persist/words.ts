// The lagg option words both persistence back ends store: rc.conf's ifconfig_laggN line and the
// TrueNAS middleware's free-form `options` field, which it runs as `ifconfig NAME <options>`.
import { HASH_PROTOCOLS, type LaggInputs } from "../types";

/** Inputs that decide the lagg option words. */
export type OptionWordInputs = Pick<LaggInputs, "protocol" | "hash" | "lacpFastTimeout" | "lacpStrict" | "useFlowid" | "flowidShift" | "rrLimit">;

/**
 * `lagghash`, the LACP switches and the flowid/roundrobin numbers, each only for the protocols
 * that take it (the kernel answers EINVAL otherwise). lacp_fast_timeout is always written for lacp,
 * off as well as on, so replaying the words resets a timeout someone switched on by hand.
 */
export function laggOptionWords(i: OptionWordInputs, opts: { hashForEveryProtocol?: boolean } = {}): string[] {
  const words: string[] = [];
  // rc.conf: only where the protocol hashes (schema/protocol.ts); elsewhere check keeps hash at the kernel's
  // default, which a boot's `ifconfig create` gives the lagg anyway. The TrueNAS middleware's options need it
  // for every protocol: its sync changes the protocol of the running lagg, which keeps the lagghash it had
  // (SIOCSLAGG leaves sc_flags alone, sys/net/if_lagg.c), so only the word brings it back to the default.
  const hashes = opts.hashForEveryProtocol || (HASH_PROTOCOLS as readonly string[]).includes(i.protocol);
  if (i.hash.length > 0 && hashes) words.push(`lagghash ${i.hash.join(",")}`);
  if (i.protocol === "lacp") {
    words.push(i.lacpFastTimeout ? "lacp_fast_timeout" : "-lacp_fast_timeout");
    if (i.lacpStrict !== undefined) words.push(i.lacpStrict ? "lacp_strict" : "-lacp_strict");
  }
  const flowid = i.protocol === "lacp" || i.protocol === "loadbalance";
  if (i.useFlowid !== undefined && flowid) words.push(i.useFlowid ? "use_flowid" : "-use_flowid");
  if (i.flowidShift !== undefined && flowid) words.push(`flowid_shift ${i.flowidShift}`);
  if (i.rrLimit !== undefined && i.protocol === "roundrobin") words.push(`rr_limit ${i.rrLimit}`);
  return words;
}
