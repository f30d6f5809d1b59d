// Host key policy for one hop: what the host must present, checked during key exchange (before authentication).
import { readFile } from "fs/promises";
import { homedir } from "os";
import { HostKeyVerificationError } from "./errors";
import { fingerprintOf, keyTypeOf, normalizeFingerprint, parsePublicKeyLine, PublicKeyText } from "./fingerprint";
import type { ResolvedHop } from "./hop";
import { knownHostsName, lookupKnownHost, parseKnownHosts } from "./known-hosts";

/** ssh2 1.17's default host key algorithms, in its order of preference. */
const DEFAULT_HOST_KEY_ALGORITHMS = [
  "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
  "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa",
];

/** The verdict on a presented key: undefined to accept it, else the error to fail the dial with. */
export interface HostKeyPolicy {
  check(keyBlob: Buffer): HostKeyVerificationError | undefined;
  /**
   * Host key algorithms to offer, restricted to the types the configuration knows for this host (as OpenSSH
   * does with known_hosts), so a host with several keys presents the one we can check. Undefined = defaults.
   */
  hostKeyAlgorithms?: string[];
}

/**
 * Builds the policy for a hop: `insecureSkipHostKeyCheck`, else `hostKey` (authorized_keys line or `SHA256:`
 * fingerprint), else `knownHostsPath`. With none of them every key is refused, naming the fingerprint seen so
 * the user can pin it. Throws {@link HostKeyVerificationError} when the configuration itself is unusable.
 */
export async function loadHostKeyPolicy(hop: ResolvedHop): Promise<HostKeyPolicy> {
  if (hop.insecureSkipHostKeyCheck) return { check: () => undefined };
  if (hop.hostKey !== undefined) return hostKeyPolicy(hop, hop.hostKey);
  if (hop.knownHostsPath !== undefined) return knownHostsPolicy(hop, hop.knownHostsPath);
  return refuseAll(hop, "but no hostKey or knownHostsPath is configured (set one, or insecureSkipHostKeyCheck: true)");
}

function hostKeyPolicy(hop: ResolvedHop, hostKey: string): HostKeyPolicy {
  if (hostKey.trim().startsWith("SHA256:")) {
    const expected = normalizeFingerprint(hostKey);
    return {
      check: (blob) => fingerprintOf(blob) === expected
        ? undefined
        : refusal(hop, blob, [expected], `but the configured hostKey is ${expected}`),
    };
  }
  const key = parsePublicKeyLine(hostKey);
  if (!key) {
    throw new HostKeyVerificationError(hop, {
      expectedFingerprints: [],
      reason: "the configured hostKey is neither an authorized_keys line (`ssh-ed25519 AAAA...`) nor a SHA256: fingerprint",
    });
  }
  const expected = `${fingerprintOf(key.blob)} (${key.type})`;
  return {
    check: (blob) => blob.equals(key.blob)
      ? undefined
      : refusal(hop, blob, [fingerprintOf(key.blob)], `but the configured hostKey is ${expected}`),
    hostKeyAlgorithms: algorithmsFor([key]),
  };
}

async function knownHostsPolicy(hop: ResolvedHop, path: string): Promise<HostKeyPolicy> {
  const fullPath = path.startsWith("~/") ? homedir() + path.slice(1) : path;
  let text: string;
  try {
    text = await readFile(fullPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new HostKeyVerificationError(hop, { expectedFingerprints: [], reason: `knownHostsPath ${path} cannot be read (${code})` });
  }
  const name = knownHostsName(hop.host, hop.port);
  const { keys, revoked } = lookupKnownHost(parseKnownHosts(text), hop.host, hop.port);
  if (keys.length === 0) return refuseAll(hop, `but ${name} is not in ${path}`);
  const listed = keys.map((key) => `${fingerprintOf(key.blob)} (${key.type})`).join(", ");
  return {
    check: (blob) => {
      if (revoked.some((key) => key.blob.equals(blob))) {
        return refusal(hop, blob, [], `which ${path} marks @revoked for ${name}`);
      }
      if (keys.some((key) => key.blob.equals(blob))) return undefined;
      return refusal(hop, blob, keys.map((key) => fingerprintOf(key.blob)), `but ${path} lists ${listed} for ${name}`);
    },
    hostKeyAlgorithms: algorithmsFor(keys),
  };
}

function refuseAll(hop: ResolvedHop, reason: string): HostKeyPolicy {
  return { check: (blob) => refusal(hop, blob, [], reason) };
}

function refusal(hop: ResolvedHop, blob: Buffer, expectedFingerprints: string[], reason: string): HostKeyVerificationError {
  return new HostKeyVerificationError(hop, {
    presentedFingerprint: fingerprintOf(blob),
    presentedKeyType: keyTypeOf(blob) ?? "unknown type",
    expectedFingerprints,
    reason,
  });
}

function algorithmsFor(keys: PublicKeyText[]): string[] | undefined {
  const types = new Set(keys.map((key) => key.type));
  const wanted = DEFAULT_HOST_KEY_ALGORITHMS.filter((algorithm) =>
    types.has(algorithm.startsWith("rsa-sha2-") ? "ssh-rsa" : algorithm));
  return wanted.length > 0 ? wanted : undefined;
}
