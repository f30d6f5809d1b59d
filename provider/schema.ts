// `check` for the Lagg resource: validate raw inputs, fill defaults, normalize; problems become CheckFailures.
import { LaggProtocol, PERSIST_MODES } from "./types";
import { checkAddresses, checkDhcpAddresses } from "./schema/addresses";
import { CONNECTION_DEFAULTS, checkConnection } from "./schema/connection";
import { checkDescription, checkDescriptionSurvivesRcConf } from "./schema/description";
import { CheckFailure, UNKNOWN, unknownPropertyReason } from "./schema/failures";
import { checkLaggName, checkPorts } from "./schema/interfaces";
import { checkOptions } from "./schema/options";
import { checkAdopt } from "./schema/adopt";
import { checkHash, checkProtocol, checkProtocolSpecific, checkTruenasLimits } from "./schema/protocol";
import { describeType, isRecord, readBoolean, readChoice, readInteger } from "./schema/readers";

export { UNKNOWN } from "./schema/failures";
export type { CheckFailure } from "./schema/failures";
export { OFFLOAD_CAPABILITY_WORDS, OPTION_WORDS, CAPABILITY_WORDS } from "./schema/options";
export { CONNECTION_DEFAULTS, CONNECTION_FIELDS, HOP_FIELDS } from "./schema/connection";

/** Defaults `check` fills for omitted (undefined or null) inputs. lacpStrict/useFlowid/flowidShift/rrLimit have none. */
export const LAGG_DEFAULTS = {
  mtu: 1500,
  description: "",
  addresses: [] as readonly string[],
  dhcp: false,
  ipv6Autoconf: false,
  hash: ["l2", "l3", "l4"] as readonly string[],
  lacpFastTimeout: false,
  disableHardwareOffload: false,
  options: [] as readonly string[],
  persist: "auto",
  safeApply: true,
  confirmTimeout: 60,
  adopt: false,
  connection: CONNECTION_DEFAULTS,
} as const;

/** Seconds the LACP gate waits when `lacpTimeout` is omitted. */
export const LACP_TIMEOUT_DEFAULT = 30;

/** Top-level input properties, in the order `check` writes them back. */
export const LAGG_FIELDS = [
  "connection", "name", "protocol", "ports", "mtu", "description", "addresses", "dhcp", "ipv6Autoconf", "hash",
  "lacpFastTimeout", "lacpStrict", "useFlowid", "flowidShift", "rrLimit", "disableHardwareOffload", "options",
  "persist", "safeApply", "confirmTimeout", "adopt", "lacpTimeout",
  "truenasKeepManagementInterface",
] as const;

/** What {@link checkLaggArgs} returns: the inputs to use and every problem found. */
export interface CheckLaggResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/**
 * Validates the raw inputs of a Lagg (`news` of the provider's `check`) without touching the network.
 *
 * - Never throws: any input, including null, lists and wrong types, yields failures instead.
 * - `__provider` is dropped (the dynamic-provider host re-adds it).
 * - Values equal to {@link UNKNOWN} (preview), at any depth, are kept as they are and not judged; rules that
 *   depend on an unknown value are skipped.
 * - `inputs` holds defaults and normalized values (canonical addresses, sorted hash); when `failures` is empty and
 *   nothing is unknown it is a `LaggInputs`. Invalid values are kept raw; unknown property names are dropped.
 * - Failure reasons never contain connection values (passwords, keys, hosts): only property names and rules.
 */
export function checkLaggArgs(news: Record<string, unknown>): CheckLaggResult {
  try {
    return checkArgs(news);
  } catch {
    // Defensive only: a bug here must surface as a failure, not as an exception inside the engine's Check.
    return { inputs: {}, failures: [{ property: "", reason: "internal error while checking the Lagg inputs" }] };
  }
}

function checkArgs(news: unknown): CheckLaggResult {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  if (!isRecord(news)) {
    failures.push({ property: "", reason: `expected an object of Lagg arguments, got ${describeType(news)}` });
    return { inputs, failures };
  }
  const args: Record<string, unknown> = { ...news };
  delete args.__provider;
  for (const key of Object.keys(args)) {
    if (!(LAGG_FIELDS as readonly string[]).includes(key) && args[key] !== undefined) {
      failures.push({ property: key, reason: unknownPropertyReason(key, LAGG_FIELDS) });
    }
  }
  // Known, valid values by property, for the rules that relate properties to each other.
  const valid: Record<string, unknown> = {};
  const take = <T>(key: (typeof LAGG_FIELDS)[number], check: (raw: unknown) => unknown): T | undefined => {
    const before = failures.length;
    const value = check(args[key]);
    if (value !== undefined) inputs[key] = value;
    if (failures.length > before || value === undefined || value === UNKNOWN) return undefined;
    valid[key] = value;
    return value as T;
  };

  take("connection", (raw) => checkConnection(raw, failures));
  const name = take<string>("name", (raw) => checkLaggName(raw, failures));
  const protocol = take<LaggProtocol>("protocol", (raw) => checkProtocol(raw, failures));
  const ports = take<string[]>("ports", (raw) => checkPorts(raw, name, failures));
  const mtu = take<number>("mtu", (raw) =>
    readInteger(raw, "mtu", failures, { min: 576, max: 9216, fallback: LAGG_DEFAULTS.mtu, showValue: true }),
  );
  const description = take("description", (raw) => checkDescription(raw, failures));
  const addresses = take<string[]>("addresses", (raw) => checkAddresses(raw, failures));
  const dhcp = take<boolean>("dhcp", (raw) => readBoolean(raw, "dhcp", failures, LAGG_DEFAULTS.dhcp));
  take("ipv6Autoconf", (raw) => readBoolean(raw, "ipv6Autoconf", failures, LAGG_DEFAULTS.ipv6Autoconf));
  take("hash", (raw) => checkHash(raw, failures));
  take("lacpFastTimeout", (raw) => readBoolean(raw, "lacpFastTimeout", failures, LAGG_DEFAULTS.lacpFastTimeout));
  take("lacpStrict", (raw) => readBoolean(raw, "lacpStrict", failures));
  take("useFlowid", (raw) => readBoolean(raw, "useFlowid", failures));
  take("flowidShift", (raw) => readInteger(raw, "flowidShift", failures, { min: 0, max: 31, showValue: true }));
  take("rrLimit", (raw) => readInteger(raw, "rrLimit", failures, { min: 1, max: 0xffffffff, showValue: true, unit: "packets" }));
  const offloadDisabled = take<boolean>("disableHardwareOffload", (raw) =>
    readBoolean(raw, "disableHardwareOffload", failures, LAGG_DEFAULTS.disableHardwareOffload),
  );
  take("options", (raw) => checkOptions(raw, protocol, offloadDisabled === true, failures));
  const persist = take<string>("persist", (raw) =>
    readChoice(raw, "persist", failures, PERSIST_MODES, { fallback: LAGG_DEFAULTS.persist }),
  );
  take("safeApply", (raw) => readBoolean(raw, "safeApply", failures, LAGG_DEFAULTS.safeApply));
  take("confirmTimeout", (raw) =>
    readInteger(raw, "confirmTimeout", failures, {
      min: 10, max: 3600, fallback: LAGG_DEFAULTS.confirmTimeout, showValue: true, unit: "seconds",
    }),
  );
  take("adopt", (raw) => checkAdopt(raw, failures));
  // No default filled in: undefined means false, and state written before it existed shows no change.
  take("truenasKeepManagementInterface", (raw) => readBoolean(raw, "truenasKeepManagementInterface", failures));
  // No default filled in (LACP_TIMEOUT_DEFAULT applies when omitted): state written before
  // lacpTimeout existed then shows no change.
  take("lacpTimeout", (raw) =>
    readInteger(raw, "lacpTimeout", failures, {
      min: 0, max: 600, showValue: true, unit: "seconds",
    }),
  );

  checkProtocolSpecific(valid, protocol, failures);
  if (dhcp === true && Array.isArray(addresses)) checkDhcpAddresses(addresses, failures);
  if (persist === "truenas") checkTruenasLimits(protocol, mtu, failures, ports, offloadDisabled);
  checkDescriptionSurvivesRcConf(description, persist, failures);
  return { inputs, failures };
}
