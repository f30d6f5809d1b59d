// A lagg's identity is the machine (its host key) and the lagg's name, not the address used to reach it.
import { HostKeyVerificationError, normalizeFingerprint, parsePublicKeyLine, fingerprintOf, presentedHostKey, SshError } from "../ssh";
import type { Connection, HopConnection } from "../types";
import { progress } from "./run";

/** The route a connection takes: `host:port`, and the jump host's when there is one. */
export function routeOf(c: Connection): string {
  const hop = (h: HopConnection) => `${h.host}:${h.port ?? 22}`;
  return c.proxy ? `${hop(c)} via ${hop(c.proxy)}` : hop(c);
}

/** The fingerprint `connection.hostKey` pins, when it pins one (a key line or a `SHA256:` fingerprint). */
export function pinnedFingerprint(c: Connection): string | undefined {
  const pin = c.hostKey?.trim();
  if (!pin) return undefined;
  if (pin.startsWith("SHA256:")) return normalizeFingerprint(pin);
  const key = parsePublicKeyLine(pin);
  return key ? fingerprintOf(key.blob) : undefined;
}

/** The host at a new address presents another machine's key: nothing was changed on either machine. */
export class LaggHostIdentityError extends Error {
  override readonly name = "LaggHostIdentityError";
  constructor(readonly lagg: string, readonly route: string, readonly recorded: string, readonly presented: string, recordedRoute?: string) {
    super(
      `${route} presents host key ${presented}, but ${lagg} lives on the machine with host key ${recorded}` +
        `${recordedRoute ? ` (reached as ${recordedRoute})` : ""}; nothing was changed on either machine. ` +
        "A new address for the same machine is an update, but this is another machine. To move the lagg to it, replace the " +
        "resource explicitly (`pulumi up --replace <urn>`, or give it a new `name`). If it is the same machine with a new " +
        "host key, put the new key in connection.hostKey first (that update records it without touching the host).",
    );
  }
}

/**
 * Checks that `connection` reaches the machine whose key was recorded; returns the key it presents.
 * The connection stays pooled, so the operation that follows runs over the very connection checked.
 */
export async function verifyMachine(lagg: string, connection: Connection, recorded: string | undefined, recordedRoute?: string): Promise<string> {
  const refuse = (presented: string | undefined) => {
    if (recorded && presented && presented !== recorded) throw new LaggHostIdentityError(lagg, routeOf(connection), recorded, presented, recordedRoute);
  };
  let presented: string;
  try {
    presented = await presentedHostKey(connection, (m) => progress(connection.host, m));
  } catch (e) {
    // Another machine often refuses our key or our pinned hostKey: say which machine it is, not only that.
    refuse(keySeenBefore(e, connection));
    throw e;
  }
  refuse(presented);
  return presented;
}

/** The host key the target presented before a dial failed (host key or authentication failure). */
function keySeenBefore(e: unknown, c: Connection): string | undefined {
  if (!(e instanceof SshError) || e.host !== c.host || e.port !== (c.port ?? 22)) return undefined;
  return e instanceof HostKeyVerificationError ? e.presentedFingerprint : e.hostKeyFingerprint;
}

/**
 * For state written before host keys were recorded: asks the old address which machine it was, so a
 * changed address can still be checked. Undefined when the old address no longer answers.
 */
export async function keyAtOldRoute(old: Connection): Promise<string | undefined> {
  try {
    return await presentedHostKey({ ...old, dialErrorLimit: 1 });
  } catch {
    return undefined;
  }
}
