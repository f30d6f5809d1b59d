// SSH key material for simulated hosts: ed25519 key pairs, authorized_keys lines and SHA256 fingerprints.
import { createHash } from "node:crypto";
import { utils } from "ssh2";

/** An ed25519 key pair in the formats OpenSSH and ssh2 both read. */
export interface SshKeyPair {
  /** OpenSSH private key (PEM-like "-----BEGIN OPENSSH PRIVATE KEY-----"), unencrypted. */
  privateKey: string;
  /** The public half as an authorized_keys line without comment: `ssh-ed25519 AAAA...`. */
  publicKey: string;
  /** `SHA256:` + unpadded base64 of sha256 over the key blob, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

/** Generates a fresh ed25519 key pair. */
export function generateEd25519KeyPair(comment = ""): SshKeyPair {
  const pair = utils.generateKeyPairSync("ed25519", { comment });
  const [algo, blob] = pair.public.split(" ");
  const publicKey = `${algo} ${blob}`;
  return { privateKey: pair.private, publicKey, fingerprint: fingerprintOf(publicKey) };
}

/** The `SHA256:...` fingerprint of an authorized_keys line (`<algo> <base64 blob> [comment]`). */
export function fingerprintOf(authorizedKeysLine: string): string {
  const blob = authorizedKeysLine.trim().split(/\s+/)[1];
  if (!blob) throw new Error("not an authorized_keys line: missing key blob");
  const digest = createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}
