// What an operation is about to change on the host, field by field, as log lines (pure).
import { diffLagg } from "../diff";
import type { LaggInputs } from "../types";

/** Properties whose change reaches the host; the rest (credentials, adopt, ...) only update state. */
export const HOST_FIELDS = [
  "name", "protocol", "ports", "mtu", "description", "addresses", "dhcp", "ipv6Autoconf", "hash", "lacpFastTimeout",
  "lacpStrict", "useFlowid", "flowidShift", "rrLimit", "disableHardwareOffload", "options", "persist",
];

const shown = (v: unknown): string => (v === undefined ? "(host default)" : JSON.stringify(v));

/**
 * `field: old -> new` for every host-visible field that differs between `from` and `to`, compared
 * the way diff compares them (set-valued lists ignore order; port order matters only for failover).
 */
export function fieldChanges(from: LaggInputs, to: LaggInputs): string[] {
  const f = from as unknown as Record<string, unknown>;
  const t = to as unknown as Record<string, unknown>;
  return changedFields(from, to).map((k) => `${k}: ${shown(f[k])} -> ${shown(t[k])}`);
}

/** The host-visible fields that differ between `from` and `to` (those `to` leaves to the host's default left out). */
function changedFields(from: LaggInputs, to: LaggInputs): string[] {
  const t = to as unknown as Record<string, unknown>;
  return diffLagg(from as unknown as Record<string, unknown>, t).changed
    .filter((k) => HOST_FIELDS.includes(k) && t[k] !== undefined); // undefined: the host's default is left alone
}

/**
 * The drift an update reverts, `field: seen -> wanted`: fields the host shows (`seen`) otherwise than
 * Pulumi recorded them, and that `news` sets back. A field only the program changes (a port added) is
 * not drift, even when the same update reverts drift elsewhere.
 */
export function driftChanges(recorded: LaggInputs, seen: LaggInputs, news: LaggInputs): string[] {
  const drifted = new Set(changedFields(recorded, seen));
  const s = seen as unknown as Record<string, unknown>;
  const n = news as unknown as Record<string, unknown>;
  return changedFields(seen, news).filter((k) => drifted.has(k)).map((k) => `${k}: ${shown(s[k])} -> ${shown(n[k])}`);
}
