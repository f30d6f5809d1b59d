// Protocol rules: the protocol itself, its hash layers, which lagg options apply to it, TrueNAS's limits.
import { HASH_LAYERS, HASH_PROTOCOLS, LAGG_PROTOCOLS, LaggProtocol } from "../types";
import { CheckFailure, indexPath, quote, UNKNOWN } from "./failures";
import { readChoice, readStringList } from "./readers";
import { truenasOffloadProblem, truenasPortLimitProblem, truenasPrimaryProblem } from "../persist/truenas";

/** Checks `protocol`; `fec` gets its own reason because it was a real protocol before FreeBSD 11. */
export function checkProtocol(raw: unknown, failures: CheckFailure[]): unknown {
  if (raw === "fec") {
    failures.push({
      property: "protocol",
      reason: `"fec" was removed in FreeBSD 11 (it was an alias for loadbalance); use "loadbalance"`,
    });
    return raw;
  }
  return readChoice(raw, "protocol", failures, LAGG_PROTOCOLS, {
    requiredWhat: `the aggregation protocol, one of ${LAGG_PROTOCOLS.join(", ")}`,
  });
}

/**
 * The protocols each protocol-specific property applies to. The LACP options and rr_limit: the kernel answers
 * EINVAL elsewhere (sys/net/if_lagg.c SIOCSLAGGOPTS, 13.x/14.x). `hash`: SIOCSLAGGHASH accepts it for any
 * protocol, but only loadbalance (lagg_lb_start: lagg_hashmbuf) and lacp (sys/net/ieee8023ad_lacp.c
 * lacp_select_tx_port: m_ether_tcpip_hash) read it; failover, roundrobin, broadcast and none never hash, so a
 * hash there would be a setting that does nothing.
 */
const PROTOCOLS_BY_PROPERTY: Record<string, readonly LaggProtocol[]> = {
  hash: HASH_PROTOCOLS,
  lacpFastTimeout: ["lacp"],
  lacpStrict: ["lacp"],
  useFlowid: ["lacp", "loadbalance"],
  flowidShift: ["lacp", "loadbalance"],
  rrLimit: ["roundrobin"],
};

/**
 * Rejects protocol-specific properties set for another protocol. `args` holds the valid values (defaults
 * filled), `given` the raw inputs. `protocol` is undefined when unknown or invalid, and then nothing is judged.
 * `lacpFastTimeout: false` is the default everywhere, so only `true` counts as set. `hash` counts as set when it
 * is not the default l2,l3,l4: that default is filled for every protocol, being what the kernel holds after
 * `ifconfig create` ("Hash all layers by default", MBUF_HASHFLAG_L2|L3|L4 in if_lagg.c lagg_clone_create), and
 * checked inputs must check again unchanged.
 */
export function checkProtocolSpecific(args: Record<string, unknown>, protocol: LaggProtocol | undefined, failures: CheckFailure[]): void {
  if (protocol === undefined) return;
  for (const [property, protocols] of Object.entries(PROTOCOLS_BY_PROPERTY)) {
    const value = args[property];
    const isSet =
      property === "lacpFastTimeout" ? value === true
      : property === "hash" ? Array.isArray(value) && value.join(",") !== HASH_LAYERS.join(",")
      : typeof value === "boolean" || typeof value === "number";
    if (!isSet || protocols.includes(protocol)) continue;
    const where = protocols.map((p) => quote(p)).join(" or ");
    const fix = property === "hash" ? `remove it (${quote(protocol)} sends no traffic by hash)` : "remove it";
    failures.push({ property, reason: `${property} only applies to protocol ${where}, not ${quote(protocol)}; ${fix}` });
  }
}

/** TrueNAS CORE's `interface.create` limits (plugins/network.py): no BROADCAST, MTU 1492–9216. */
export const TRUENAS_MTU_RANGE = { min: 1492, max: 9216 } as const;

/**
 * Extra rules when persisting through the TrueNAS middleware. Its name rule ("lagg" + number, no leading zero)
 * is already the general rule, so the protocol, the MTU and (failover) the primary need a look. `ports` is
 * undefined when unknown or invalid, and then the primary is not judged.
 */
export function checkTruenasLimits(protocol: LaggProtocol | undefined, mtu: number | undefined, failures: CheckFailure[], ports?: string[], offloadDisabled?: boolean): void {
  if (protocol === "broadcast") {
    failures.push({
      property: "protocol",
      reason: `TrueNAS CORE has no BROADCAST lag protocol, so persist: "truenas" cannot store it; pick another protocol`,
    });
  }
  if (mtu !== undefined && (mtu < TRUENAS_MTU_RANGE.min || mtu > TRUENAS_MTU_RANGE.max)) {
    failures.push({
      property: "mtu",
      reason: `persist: "truenas" needs an MTU from ${TRUENAS_MTU_RANGE.min} to ${TRUENAS_MTU_RANGE.max} (TrueNAS's range), got ${mtu}`,
    });
  }
  const known = ports?.every((p) => typeof p === "string" && p !== UNKNOWN);
  const primary = protocol && ports && known ? truenasPrimaryProblem({ protocol, ports }) : undefined;
  if (primary) failures.push({ property: "ports", reason: `${primary} (persist: "truenas")` });
  const tooMany = ports ? truenasPortLimitProblem({ ports }) : undefined;
  if (tooMany) failures.push({ property: "ports", reason: `${tooMany} (persist: "truenas")` });
  const offload = truenasOffloadProblem({ disableHardwareOffload: offloadDisabled === true });
  if (offload) failures.push({ property: "disableHardwareOffload", reason: `${offload} (persist: "truenas")` });
}

/** Checks `hash` (lagghash): a non-empty set of l2/l3/l4, returned sorted (l2, l3, l4) as ifconfig prints it. */
export function checkHash(raw: unknown, failures: CheckFailure[]): unknown {
  const { value, items } = readStringList(raw, "hash", failures, { fallback: HASH_LAYERS, example: '["l3", "l4"]' });
  if (!Array.isArray(value)) return value;
  const before = failures.length;
  if (value.length === 0) failures.push({ property: "hash", reason: `at least one of ${HASH_LAYERS.join(", ")} is required` });
  const seen: Record<string, number> = Object.create(null);
  for (const { index, text } of items) {
    const path = indexPath("hash", index);
    if (!(HASH_LAYERS as readonly string[]).includes(text)) {
      failures.push({ property: path, reason: `expected one of ${HASH_LAYERS.join(", ")}, got ${quote(text)}` });
    } else if (seen[text] !== undefined) {
      failures.push({ property: path, reason: `duplicate of hash[${seen[text]}] (${quote(text)})` });
    } else seen[text] = index;
  }
  const allKnown = items.length === value.length;
  return failures.length === before && allKnown ? HASH_LAYERS.filter((layer) => seen[layer] !== undefined) : value;
}
