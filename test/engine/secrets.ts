// Secret markers: the RPC form, the state-file form, and the engine's by-key re-annotation of outputs.

import { isJsonObject } from "./json";
import type { Json, JsonObject } from "./types";

/** The property key that marks a special value (`sig` in Pulumi's wire and checkpoint formats). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** `SIG_KEY`'s value for a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** `SIG_KEY`'s value for a resource reference. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** The string the engine sends for a value not known during preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** What human-readable output shows instead of a secret value. */
export const SECRET_PLACEHOLDER = "[secret]";

/** True when `value` is a secret marker in either form (`value` on the wire, `plaintext` in state). */
export function isSecretMarker(value: unknown): value is JsonObject {
  return isJsonObject(value) && value[SIG_KEY] === SECRET_SIG;
}

/** A secret as the engine sends it over gRPC (e.g. in ConfigureRequest.args). */
export function rpcSecret(value: Json): JsonObject {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * A secret as the driver's state file stores it: the shape `pulumi stack export --show-secrets` prints,
 * `plaintext` holding the value JSON-encoded. Not encrypted: the state file is a test artifact.
 */
export function stateSecret(value: Json): JsonObject {
  return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value) };
}

/** True when the value is, or anywhere contains, a secret marker. */
export function containsSecret(value: Json): boolean {
  if (isSecretMarker(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (isJsonObject(value)) return Object.values(value).some(containsSecret);
  return false;
}

/**
 * Removes every marker, keeping plain values: secrets give their value, resource references give their id
 * (or URN for components), which is what the engine sends a provider that does not accept resources.
 */
export function stripMarkers(value: Json): Json {
  if (isJsonObject(value) && value[SIG_KEY] === SECRET_SIG) {
    if (typeof value.plaintext === "string") return stripMarkers(JSON.parse(value.plaintext) as Json);
    return stripMarkers(value.value ?? null);
  }
  if (isJsonObject(value) && value[SIG_KEY] === RESOURCE_SIG) {
    return typeof value.id === "string" && value.id !== "" ? value.id : (value.urn ?? null);
  }
  if (Array.isArray(value)) return value.map(stripMarkers);
  if (isJsonObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripMarkers(v)]));
  }
  return value;
}

/** Splits a marked property map into plain values and the top-level keys that held a secret. */
export function liftSecrets(marked: JsonObject): { plain: JsonObject; secretKeys: string[] } {
  const plain: JsonObject = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(marked)) {
    if (containsSecret(value)) secretKeys.push(key);
    plain[key] = stripMarkers(value);
  }
  return { plain, secretKeys };
}

/** Wraps the listed top-level keys in state-file secret markers. */
export function markSecretKeys(plain: JsonObject, secretKeys: string[]): JsonObject {
  return Object.fromEntries(
    Object.entries(plain).map(([k, v]) => [k, secretKeys.includes(k) ? stateSecret(v) : v]),
  );
}

/**
 * The engine's `annotateSecrets` after Create/Update/Read, at top-level granularity: an output is secret when
 * the input with the same key was secret, or when `additionalSecretOutputs` names it. (The engine recurses into
 * objects present on both sides; marking the whole top-level key is the conservative superset.)
 */
export function secretOutputKeys(outputs: JsonObject, secretInputs: string[], additional: string[]): string[] {
  return Object.keys(outputs).filter((k) => secretInputs.includes(k) || additional.includes(k));
}

/** A value for human output: secrets replaced by `[secret]`, everything else JSON. */
export function displayValue(value: Json | undefined, secret: boolean): string {
  if (secret) return SECRET_PLACEHOLDER;
  return value === undefined ? "undefined" : JSON.stringify(value);
}
