// OpenSSH known_hosts: parsing and host lookup (pure; the file is read by host-key.ts).
import { createHmac } from "crypto";
import { decodeKey, PublicKeyText } from "./fingerprint";

/** One usable line of a known_hosts file. */
export interface KnownHostsEntry extends PublicKeyText {
  /** The host field as written: `host1,[host2]:2222,!bad*` or a hashed `|1|salt|hash`. */
  hosts: string;
  /**
   * `revoked` keys are refused for every host they match. `@cert-authority` lines are dropped by the parser:
   * host certificates are not supported, so such a line can never vouch for a plain host key.
   */
  revoked: boolean;
  line: number;
}

/** Keys known_hosts lists for one host, and keys it marks revoked there. */
export interface KnownHostKeys {
  keys: PublicKeyText[];
  revoked: PublicKeyText[];
}

/** Parses a known_hosts file, skipping comments, blank, malformed and `@cert-authority` lines. */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const words = raw.trim().split(/\s+/);
    if (words[0] === "" || words[0].startsWith("#")) return;
    let revoked = false;
    if (words[0].startsWith("@")) {
      if (words[0] !== "@revoked") return;
      revoked = true;
      words.shift();
    }
    if (words.length < 3) return;
    const key = decodeKey(words[1], words[2]);
    if (key) entries.push({ ...key, hosts: words[0], revoked, line: index + 1 });
  });
  return entries;
}

/** The name OpenSSH looks a host up by: `host` on port 22, `[host]:port` elsewhere (lower-cased). */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** Keys for `host:port` in the parsed file, in file order. */
export function lookupKnownHost(entries: KnownHostsEntry[], host: string, port: number): KnownHostKeys {
  const name = knownHostsName(host, port);
  const found: KnownHostKeys = { keys: [], revoked: [] };
  for (const entry of entries) {
    if (!hostFieldMatches(entry.hosts, name)) continue;
    (entry.revoked ? found.revoked : found.keys).push({ type: entry.type, blob: entry.blob });
  }
  return found;
}

/** Whether a known_hosts host field (hashed, or comma-separated patterns with `*`, `?`, `!`) matches `name`. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith("|1|")) return hashedMatches(field, name);
  let matched = false;
  for (const pattern of field.toLowerCase().split(",")) {
    const negated = pattern.startsWith("!");
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    // A matching negation vetoes the whole line, as in OpenSSH's match_hostname().
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split("|");
  if (!salt || !hash) return false;
  const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
  return digest === hash;
}

function globMatches(pattern: string, name: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(name);
}
