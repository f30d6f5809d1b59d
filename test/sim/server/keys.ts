// SSH key material for simulated hosts: ed25519 key pairs, authorized_keys lines and SHA256 fingerprints.
//
// Keys come from node:crypto and are encoded here: ssh2 1.17's utils.generateKeyPairSync("ed25519") strips
// every leading zero byte of the public key (keygen.js, "Remove leading zero bytes"), so about 1 key in 256
// comes out malformed ("Malformed OpenSSH public key").
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";

/** An ed25519 key pair in the formats OpenSSH and ssh2 both read. */
export interface SshKeyPair {
  /** Unencrypted OpenSSH private key ("-----BEGIN OPENSSH PRIVATE KEY-----"). */
  privateKey: string;
  /** The public half as an authorized_keys line without comment: `ssh-ed25519 AAAA...`. */
  publicKey: string;
  /** `SHA256:` + unpadded base64 of sha256 over the key blob, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

const KEY_TYPE = "ssh-ed25519";

/** Generates a fresh ed25519 key pair. */
export function generateEd25519KeyPair(comment = ""): SshKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d as string, "base64url");
  const blob = Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
  const line = `${KEY_TYPE} ${blob.toString("base64")}`;
  return { privateKey: openSshPrivateKey(blob, pub, seed, comment), publicKey: line, fingerprint: fingerprintOf(line) };
}

/** The `SHA256:...` fingerprint of an authorized_keys line (`<algo> <base64 blob> [comment]`). */
export function fingerprintOf(authorizedKeysLine: string): string {
  const blob = authorizedKeysLine.trim().split(/\s+/)[1];
  if (!blob) throw new Error("not an authorized_keys line: missing key blob");
  const digest = createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** The "openssh-key-v1" container (PROTOCOL.key), unencrypted, one key. */
function openSshPrivateKey(publicBlob: Buffer, pub: Buffer, seed: Buffer, comment: string): string {
  const check = randomBytes(4);
  let secret = Buffer.concat([
    check,
    check,
    sshString(KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const padding = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0", "latin1"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    uint32(1),
    sshString(publicBlob),
    sshString(secret),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
  return ["-----BEGIN OPENSSH PRIVATE KEY-----", ...lines, "-----END OPENSSH PRIVATE KEY-----", ""].join("\n");
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
