// When a host offers none of the pinned key's types, ssh2 fails the key exchange with "no matching host
// key format" before the host shows any key: nothing in that message says which machine answered. One more
// key exchange, offering every type and refusing whatever key comes, learns the key the host has (still
// before authentication: the client disconnects at the host key), so the refusal names what was seen.
import { Client } from "ssh2";
import type { HostKeyVerificationError } from "./errors";
import type { HostKeyPolicy } from "./host-key";
import type { ResolvedHop } from "./hop";

/** The message ssh2 1.17 fails a key exchange with when no host key algorithm is shared (lib/protocol/kex.js). */
const NO_COMMON_HOST_KEY_TYPE = /no matching host key format/i;

/** Whether a failed dial means the host offers none of the pinned key types. */
export function isNoCommonHostKeyType(error: unknown, policy: HostKeyPolicy): boolean {
  return policy.hostKeyAlgorithms !== undefined && error instanceof Error && NO_COMMON_HOST_KEY_TYPE.test(error.message);
}

/**
 * Dials once more over `stream` offering every key type, refuses the key the host presents, and returns
 * the policy's refusal of it (naming its fingerprint and type), or undefined when no key was seen.
 */
export function probePresentedKey(hop: ResolvedHop, stream: NodeJS.ReadWriteStream, policy: HostKeyPolicy): Promise<HostKeyVerificationError | undefined> {
  return new Promise((resolve) => {
    const client = new Client();
    let refusal: HostKeyVerificationError | undefined;
    const done = () => {
      client.destroy();
      resolve(refusal);
    };
    client.on("error", done);
    client.on("close", done);
    client.on("ready", done); // cannot happen (every key is refused); never leave a session open
    client.connect({
      sock: stream as never,
      username: hop.user,
      readyTimeout: hop.perDialTimeoutMs,
      hostVerifier: (key: Buffer) => {
        refusal = policy.check(key);
        return false;
      },
      // Only the key exchange is wanted: no auth method is ever offered.
      authHandler: () => false,
    });
  });
}
