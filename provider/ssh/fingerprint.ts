// Public host keys: fingerprints as `ssh-keygen -l` prints them, and authorized_keys-style lines.
import { createHash } from "crypto";

/** `SHA256:<unpadded base64>` of an SSH public key blob, exactly as `ssh-keygen -l` prints it. */
export function fingerprintOf(keyBlob: Buffer): string {
  return "SHA256:" + createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "");
}

/** Normalizes a user-written `SHA256:` fingerprint (padding is optional when people paste it). */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.trim().replace(/=+$/, "");
}

/** The key type embedded at the start of an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, ...). */
export function keyTypeOf(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) return undefined;
  return keyBlob.subarray(4, 4 + length).toString("latin1");
}

/** A public key as written in authorized_keys / known_hosts: its type and its wire-format blob. */
export interface PublicKeyText {
  type: string;
  blob: Buffer;
}

/**
 * Parses `ssh-ed25519 AAAA... comment` (options before the type are skipped). Returns undefined unless the
 * base64 decodes to a blob whose embedded type equals the written type.
 */
export function parsePublicKeyLine(line: string): PublicKeyText | undefined {
  const words = line.trim().split(/\s+/);
  for (let i = 0; i + 1 < words.length; i++) {
    const key = decodeKey(words[i], words[i + 1]);
    if (key) return key;
  }
  return undefined;
}

/**
 * Decodes one `type base64` pair, checking the blob's own type field. `rsa-sha2-256`/`rsa-sha2-512` are
 * signature algorithms written in front of an `ssh-rsa` key blob (some tools print them), so they match it.
 */
export function decodeKey(type: string, base64: string): PublicKeyText | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, "base64");
  const blobType = keyTypeOf(blob);
  const matches = blobType === type || (blobType === "ssh-rsa" && type.startsWith("rsa-sha2-"));
  return matches ? { type: blobType, blob } : undefined;
}
