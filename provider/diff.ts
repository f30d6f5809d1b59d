// Old outputs vs new inputs -> what `pulumi preview` reports. No network: PR previews need no host access.
import { UNKNOWN } from "./schema";
import { sameMembers, samePorts } from "./state";

/** The answer to the engine's Diff call (the dynamic provider host forwards these three fields). */
export interface LaggDiff {
  changes: boolean;
  /** Properties whose change forces a replacement: only "name" (identity = machine + name). */
  replaces: string[];
  /** Always true with a replace: same machine, and ports cannot be in two laggs, so the old one goes first. */
  deleteBeforeReplace: boolean;
  /** Top-level properties that differ (for messages and tests; the host does not forward it). */
  changed: string[];
}

type Props = Record<string, unknown>;

const isUnknown = (v: unknown): boolean =>
  v === UNKNOWN || (Array.isArray(v) && v.some(isUnknown)) ||
  (typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).some(isUnknown));

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** JSON with sorted keys and undefined members dropped, for order-independent comparison. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === "object") {
    const out: Props = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Props)[k];
      if (x !== undefined) out[k] = normalize(x);
    }
    return out;
  }
  return v;
}

const SET_VALUED = new Set(["addresses", "hash", "options"]);
/** Inputs that never reach the host and never force anything: changes to them are a state-only update. */
const IGNORED = new Set(["__provider", "status", "persisted", "priorDownPorts", "internalState", "hostKeyFingerprint"]);

/** Compares one top-level property the way the host sees it. */
function propertyChanged(key: string, olds: Props, news: Props): boolean {
  const o = olds[key];
  const n = news[key];
  if (isUnknown(n)) return true;
  if (key === "ports" && Array.isArray(o) && Array.isArray(n)) {
    return !samePorts(String(news.protocol ?? olds.protocol), o as string[], n as string[]);
  }
  if (SET_VALUED.has(key) && Array.isArray(o) && Array.isArray(n)) {
    return !sameMembers(o as string[], n as string[]);
  }
  return !deepEqual(o, n);
}

/**
 * Diffs recorded outputs against checked inputs (design §3). A lagg's identity is its machine and its
 * `name`: only a new `name` replaces it (old first, since the ports cannot be in two laggs). A new
 * `connection.host`/`port`/`proxy` is an update: the provider checks that the new address reaches the
 * machine whose host key is recorded (moving a lagg to another machine is an explicit `--replace`).
 * Credential-only changes are an update that plans no host change; a port reorder is a change only for
 * failover (the primary).
 */
export function diffLagg(olds: Props, news: Props): LaggDiff {
  const replaces = propertyChanged("name", olds, news) ? ["name"] : [];
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !IGNORED.has(k)));
  const changed = [...keys].filter((k) => propertyChanged(k, olds, news)).sort();
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0, changed };
}
