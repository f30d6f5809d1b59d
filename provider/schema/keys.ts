// Format checks for connection strings: host, host key, private key. Reasons never quote the value.
import { parseIpAddress } from "../address";

/** Host key types accepted in an authorized_keys-style `hostKey`. */
export const HOST_KEY_TYPES = [
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-256",
  "rsa-sha2-512",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
] as const;

const SHA256_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HOST_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const PRIVATE_KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const PRIVATE_KEY_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/** Why `host` is not a host name, IPv4 or IPv6 literal, or undefined when it is fine. */
export function hostProblem(host: string): string | undefined {
  if (/\s/.test(host)) return "must not contain whitespace";
  if (host.includes("@")) return "must be a host name or address only; put the user name in `user`";
  if (host.startsWith("[")) return "write IPv6 addresses without brackets; put the port in `port`";
  if (host.includes(":")) {
    // A zone (`fe80::1%em0`) is legitimate for a link-local SSH target.
    if (parseIpAddress(host.split("%")[0])) return undefined;
    return /^[^:]+:[0-9]+$/.test(host)
      ? "must not include a port; put the port in `port`"
      : "is not a valid IPv6 address";
  }
  if (/^[0-9.]+$/.test(host)) return parseIpAddress(host) ? undefined : "is not a valid IPv4 address";
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (name.length > 253 || !name.split(".").every((label) => HOST_LABEL.test(label))) {
    return "expected a host name (letters, digits, '-', '_' and dots), an IPv4 address or an IPv6 address";
  }
  return undefined;
}

/** The key type named inside an SSH public key blob (string length + type), or undefined. */
function blobKeyType(base64: string): string | undefined {
  const blob = Buffer.from(base64, "base64");
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return undefined;
  return blob.subarray(4, 4 + length).toString("latin1");
}

const HOST_KEY_FORMS =
  'an authorized_keys line like "ssh-ed25519 AAAAC3Nz..." (from ssh-keyscan or /etc/ssh/ssh_host_*_key.pub) ' +
  'or a fingerprint like "SHA256:" followed by 43 base64 characters (from ssh-keygen -lf)';

/** Why `hostKey` is neither a usable authorized_keys line nor a SHA256 fingerprint, or undefined. */
export function hostKeyProblem(hostKey: string): string | undefined {
  const text = hostKey.trim();
  if (text.startsWith("SHA256:")) {
    if (SHA256_FINGERPRINT.test(text)) return undefined;
    return SHA256_FINGERPRINT.test(text.replace(/=+$/, ""))
      ? 'drop the trailing "=" from the SHA256 fingerprint (ssh-keygen -l prints it without padding)'
      : `malformed SHA256 fingerprint; expected ${HOST_KEY_FORMS}`;
  }
  if (text.startsWith("MD5:")) return `MD5 fingerprints are not supported; expected ${HOST_KEY_FORMS}`;
  const [type, base64] = text.split(/\s+/);
  if (!(HOST_KEY_TYPES as readonly string[]).includes(type)) {
    if (base64 !== undefined && (HOST_KEY_TYPES as readonly string[]).includes(base64)) {
      return "looks like a known_hosts line; remove the host names before the key type";
    }
    return `unsupported or missing key type; expected ${HOST_KEY_FORMS}, with type one of ${HOST_KEY_TYPES.join(", ")}`;
  }
  if (base64 === undefined || !BASE64.test(base64)) return `the key after the type is not base64; expected ${HOST_KEY_FORMS}`;
  const expectedType = type.startsWith("rsa-sha2-") ? "ssh-rsa" : type;
  if (blobKeyType(base64) !== expectedType) return `the base64 key data is not a ${expectedType} key`;
  return undefined;
}

/** Why `privateKey` is not PEM/OpenSSH private key text, or undefined. */
export function privateKeyProblem(privateKey: string): string | undefined {
  if (PRIVATE_KEY_BEGIN.test(privateKey) && PRIVATE_KEY_END.test(privateKey)) return undefined;
  const text = privateKey.trim();
  if ((HOST_KEY_TYPES as readonly string[]).some((type) => text.startsWith(`${type} `))) {
    return "looks like a public key; pass the private key text (-----BEGIN OPENSSH PRIVATE KEY----- ...)";
  }
  if (text.startsWith("PuTTY-User-Key-File")) {
    return "PuTTY keys are not supported; convert it with `puttygen key.ppk -O private-openssh`";
  }
  if (!text.includes("\n") && /^(~|\/|\.{1,2}\/|[A-Za-z]:\\)/.test(text)) {
    return "looks like a file path; pass the key's contents (e.g. fs.readFileSync(path, \"utf8\")), not its path";
  }
  return "expected PEM or OpenSSH private key text (-----BEGIN ... PRIVATE KEY----- ... -----END ... PRIVATE KEY-----)";
}
