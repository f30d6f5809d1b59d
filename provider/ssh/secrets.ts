// Keeps credentials out of every message this layer produces, whatever a lower layer put in its text.
import { types } from "util";
import type { ResolvedHop } from "./hop";

const REDACTED = "[redacted]";
/** Fragments shorter than this are too common to redact without mangling ordinary words. */
const MIN_FRAGMENT = 4;

/** The secret strings of a hop, plus each line of the private key (a message might quote one line). */
export function secretsOf(...hops: (ResolvedHop | undefined)[]): string[] {
  const secrets: string[] = [];
  for (const hop of hops) {
    if (!hop) continue;
    for (const value of [hop.password, hop.privateKeyPassword, hop.privateKey]) {
      if (value && value.length >= MIN_FRAGMENT) secrets.push(value);
    }
    for (const line of hop.privateKey?.split(/\r?\n/) ?? []) {
      const trimmed = line.trim();
      if (trimmed.length >= 16 && !trimmed.startsWith("-----")) secrets.push(trimmed);
    }
  }
  // Longest first, so a whole key is replaced before one of its lines.
  return secrets.sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by `[redacted]`. */
export function redact(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * An error safe to attach as `cause`: the original when nothing in its message or stack is secret, otherwise a
 * plain copy with the secrets redacted (so `util.inspect(err)` cannot print them either).
 */
export function sanitizeCause(error: unknown, secrets: string[]): Error {
  // isNativeError also recognizes errors from another realm (Node core's under jest's vm), unlike instanceof.
  const original = error instanceof Error || types.isNativeError(error) ? (error as Error) : new Error(String(error));
  const text = `${original.message}\n${original.stack ?? ""}\n${safeJson(original)}`;
  if (redact(text, secrets) === text) return original;
  const copy = new Error(redact(original.message, secrets));
  copy.name = original.name;
  copy.stack = redact(original.stack ?? copy.stack ?? "", secrets);
  return copy;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
