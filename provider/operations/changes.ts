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
  return diffLagg(f, t).changed
    .filter((k) => HOST_FIELDS.includes(k) && t[k] !== undefined) // undefined: the host's default is left alone
    .map((k) => `${k}: ${shown(f[k])} -> ${shown(t[k])}`);
}
