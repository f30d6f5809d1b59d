// Plain-JSON helpers: deep equality the way the engine's PropertyMap.DeepEquals sees it, and key-level diffs.

import type { Json, JsonObject, KeyDiff } from "./types";

/** The key the dynamic-provider host adds to every input and output map. */
export const PROVIDER_KEY = "__provider";

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep equality of two JSON values; object key order does not matter. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Top-level keys that differ between two property maps, like the key list `pulumi preview` prints in
 * `[diff: ...]`. Keys listed in `ignore` (by default `__provider`) are left out.
 */
export function topLevelDiff(olds: JsonObject, news: JsonObject, ignore: string[] = [PROVIDER_KEY]): KeyDiff {
  const diff: KeyDiff = { added: [], removed: [], changed: [] };
  for (const key of Object.keys(news)) {
    if (ignore.includes(key)) continue;
    if (!(key in olds)) diff.added.push(key);
    else if (!jsonEqual(olds[key], news[key])) diff.changed.push(key);
  }
  for (const key of Object.keys(olds)) {
    if (!ignore.includes(key) && !(key in news)) diff.removed.push(key);
  }
  diff.added.sort();
  diff.removed.sort();
  diff.changed.sort();
  return diff;
}

/** All keys of a KeyDiff, sorted. */
export function diffKeysOf(diff: KeyDiff): string[] {
  return [...diff.added, ...diff.removed, ...diff.changed].sort();
}

/** Deep copy of a JSON value. */
export function cloneJson<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
