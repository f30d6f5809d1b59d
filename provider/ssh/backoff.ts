// Dial retry policy: which failures are worth another attempt, and how long to wait (pure).

/** pulumi's retry.Until defaults, as @pulumi/command's remote.Connection uses them. */
const FIRST_DELAY_MS = 100;
const BACKOFF_FACTOR = 1.5;
const MAX_DELAY_MS = 5000;

// Plain arrays and strings only at module level: closure serialization breaks captured Sets and Maps.
/** Socket error codes that a host coming up, restarting or briefly unreachable produces. */
const TRANSIENT_CODES = [
  "ECONNREFUSED", "ETIMEDOUT", "ECONNRESET", "ECONNABORTED", "EPIPE",
  "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "EAI_AGAIN",
];

/** Messages ssh2 uses for a handshake that did not finish in time or a peer that hung up mid-handshake. */
const TRANSIENT_MESSAGES = [
  "timed out",
  "connection lost before handshake",
  "closed during the handshake",
  "channel open failure",
  "not connected",
  "no response from server",
];

/** Delay before the attempt after `failedAttempt` (1-based): 100, 150, 225, ... ms, capped at 5 s. */
export function retryDelayMs(failedAttempt: number): number {
  return Math.min(MAX_DELAY_MS, Math.round(FIRST_DELAY_MS * BACKOFF_FACTOR ** (failedAttempt - 1)));
}

/** Whether another dial attempt could succeed (auth and host-key failures never get here). */
export function isTransientDialError(error: unknown): boolean {
  const { code, message, permanent } = error as { code?: unknown; message?: unknown; permanent?: unknown };
  if (permanent === true) return false;
  if (typeof code === "string" && TRANSIENT_CODES.includes(code)) return true;
  const text = typeof message === "string" ? message.toLowerCase() : "";
  return TRANSIENT_MESSAGES.some((fragment) => text.includes(fragment));
}

/** Whether attempt `attempt` (1-based) may be followed by another under `dialErrorLimit` (-1 = unlimited). */
export function mayRetry(attempt: number, dialErrorLimit: number): boolean {
  return dialErrorLimit < 0 || attempt < dialErrorLimit;
}

/** "Dial 2/10 to root@nas1:22 failed: <cause>; retrying in 150 ms". */
export function dialProgressMessage(label: string, attempt: number, dialErrorLimit: number, cause: string, delayMs?: number): string {
  const count = dialErrorLimit < 0 ? `${attempt}` : `${attempt}/${dialErrorLimit}`;
  const next = delayMs === undefined ? "; giving up" : `; retrying in ${delayMs} ms`;
  return `Dial ${count} to ${label} failed: ${cause}${next}`;
}
