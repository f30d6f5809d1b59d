// Rules for `connection` and its jump host `connection.proxy`. Reasons name properties, never their values.
import { CheckFailure, UNKNOWN, childPath, unknownPropertyReason } from "./failures";
import { hostKeyProblem, hostProblem, privateKeyProblem } from "./keys";
import { describeType, isAbsent, isRecord, readBoolean, readInteger, readString } from "./readers";

/** Defaults of one SSH hop, as `@pulumi/command`'s `remote.Connection`. */
export const CONNECTION_DEFAULTS = { port: 22, user: "root", dialErrorLimit: 10, perDialTimeout: 15 } as const;

/** Fields of one hop, in the order they are written back. */
export const HOP_FIELDS = [
  "host", "port", "user", "password", "privateKey", "privateKeyPassword", "agentSocketPath",
  "dialErrorLimit", "perDialTimeout", "hostKey", "knownHostsPath", "insecureSkipHostKeyCheck",
] as const;

/** Fields of `connection`: one hop plus an optional jump host. */
export const CONNECTION_FIELDS: readonly string[] = [...HOP_FIELDS, "proxy"];

type HopField = (typeof HOP_FIELDS)[number];

/** Reads one hop field and applies its format rule; returns the value to keep. */
function checkHopField(field: HopField, raw: unknown, path: string, failures: CheckFailure[]): unknown {
  const before = failures.length;
  const formatted = (value: unknown, problem: (text: string) => string | undefined) => {
    const reason = failures.length === before && typeof value === "string" && value !== UNKNOWN ? problem(value) : undefined;
    if (reason) failures.push({ property: path, reason });
    return value;
  };
  switch (field) {
    case "host":
      return formatted(readString(raw, path, failures, { requiredWhat: "the host name or IP address to connect to" }), hostProblem);
    case "port":
      return readInteger(raw, path, failures, { min: 1, max: 65535, fallback: CONNECTION_DEFAULTS.port });
    case "user":
      return readString(raw, path, failures, { fallback: CONNECTION_DEFAULTS.user });
    case "privateKey":
      return formatted(readString(raw, path, failures), privateKeyProblem);
    case "privateKeyPassword":
      return readString(raw, path, failures, { allowEmpty: true });
    case "dialErrorLimit":
      return readInteger(raw, path, failures, { min: -1, fallback: CONNECTION_DEFAULTS.dialErrorLimit, unit: "(-1 = unlimited)" });
    case "perDialTimeout":
      return readInteger(raw, path, failures, { min: 0, fallback: CONNECTION_DEFAULTS.perDialTimeout, unit: "seconds (0 = no limit)" });
    case "hostKey":
      return formatted(readString(raw, path, failures), hostKeyProblem);
    case "insecureSkipHostKeyCheck":
      return readBoolean(raw, path, failures);
    default:
      // password, agentSocketPath, knownHostsPath: any non-empty string.
      return readString(raw, path, failures);
  }
}

const AUTH_REASON =
  "no SSH authentication configured: set privateKey, password or agentSocketPath " +
  "(or run Pulumi with SSH_AUTH_SOCK set so the SSH agent is used)";
const HOST_KEY_REASON =
  "the host key must be verified: set hostKey (an authorized_keys line like \"ssh-ed25519 AAAA...\" from " +
  "ssh-keyscan, or a \"SHA256:...\" fingerprint), or knownHostsPath (an OpenSSH known_hosts file), " +
  "or insecureSkipHostKeyCheck: true to skip verification (not recommended)";

/** Cross-field rules of one hop: some way to authenticate and some way to verify the host key. */
function checkHopCompleteness(hop: Record<string, unknown>, path: string, failures: CheckFailure[]): void {
  const present = (key: string) => !isAbsent(hop[key]);
  const agentInEnvironment = (process.env.SSH_AUTH_SOCK ?? "") !== "";
  if (!present("privateKey") && !present("password") && !present("agentSocketPath") && !agentInEnvironment) {
    failures.push({ property: path, reason: AUTH_REASON });
  }
  const skip = hop.insecureSkipHostKeyCheck;
  const verifies = present("hostKey") || present("knownHostsPath");
  if (!verifies && skip !== true && skip !== UNKNOWN) failures.push({ property: path, reason: HOST_KEY_REASON });
  if (verifies && skip === true) {
    failures.push({
      property: childPath(path, "insecureSkipHostKeyCheck"),
      reason: "contradicts hostKey/knownHostsPath, which ask for verification; remove one of them",
    });
  }
}

/** Checks one hop object; `allowProxy` is false for the jump host itself (one hop only). */
function checkHop(raw: Record<string, unknown>, path: string, allowProxy: boolean, failures: CheckFailure[]): Record<string, unknown> {
  const known: readonly string[] = allowProxy ? CONNECTION_FIELDS : HOP_FIELDS;
  for (const key of Object.keys(raw)) {
    if (known.includes(key) || raw[key] === undefined) continue;
    const reason = key === "proxy" ? "a jump host cannot have its own proxy; only one hop is supported" : unknownPropertyReason(key, known);
    failures.push({ property: childPath(path, key), reason });
  }
  const hop: Record<string, unknown> = {};
  for (const field of HOP_FIELDS) {
    const value = checkHopField(field, raw[field], childPath(path, field), failures);
    if (value !== undefined) hop[field] = value;
  }
  if (allowProxy) {
    const proxy = checkHopObject(raw.proxy, childPath(path, "proxy"), false, failures, false);
    if (proxy !== undefined) hop.proxy = proxy;
  }
  checkHopCompleteness(hop, path, failures);
  return hop;
}

function checkHopObject(raw: unknown, path: string, allowProxy: boolean, failures: CheckFailure[], required: boolean): unknown {
  if (raw === UNKNOWN) return raw;
  if (isAbsent(raw)) {
    if (required) {
      failures.push({ property: path, reason: "required: the SSH connection to the host ({ host, user, privateKey, hostKey, ... })" });
    }
    return undefined;
  }
  if (!isRecord(raw)) {
    failures.push({ property: path, reason: `expected an object, got ${describeType(raw)}` });
    return raw;
  }
  return checkHop(raw, path, allowProxy, failures);
}

/** Checks `connection`; returns it with defaults filled (port 22, user root, dialErrorLimit 10, perDialTimeout 15). */
export function checkConnection(raw: unknown, failures: CheckFailure[]): unknown {
  return checkHopObject(raw, "connection", true, failures, true);
}
