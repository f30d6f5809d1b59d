// Which machine answers at an address: the host key its (pooled) connection presented.
import type { Connection } from "../types";
import { acquire } from "./pool";

/**
 * `SHA256:...` of the host key the host at `connection` presents, over the pooled connection (dialled if
 * needed, and then reused by the operation that follows, so what was checked is what the script runs on).
 * Runs nothing on the host. Throws the SSH layer's errors when the host cannot be reached.
 */
export async function presentedHostKey(connection: Connection, onProgress?: (message: string) => void): Promise<string> {
  const lease = await acquire(connection, { onProgress });
  try {
    return lease.entry.connection?.hostKeyFingerprint ?? "";
  } finally {
    lease.release();
  }
}
