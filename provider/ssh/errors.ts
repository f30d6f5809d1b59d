// Errors of the SSH layer: each names the host, port and user it concerns and keeps the underlying `cause`.
// Messages are built from structured fields only; credentials never reach them (see secrets.ts).

/** The endpoint an SSH error concerns. */
export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
}

/** Base of every error thrown by `provider/ssh`. */
export abstract class SshError extends Error {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** `SHA256:...` of the host key this endpoint presented before the failure, when it got that far. */
  hostKeyFingerprint?: string;

  protected constructor(message: string, endpoint: SshEndpoint, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.host = endpoint.host;
    this.port = endpoint.port;
    this.user = endpoint.user;
  }
}

/** `user@host:port`, with IPv6 literals bracketed. */
export function endpointLabel({ host, port, user }: SshEndpoint): string {
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return `${user}@${shownHost}:${port}`;
}

/** The host could not be reached or the SSH handshake did not complete, after every allowed attempt. */
export class SshConnectError extends SshError {
  override readonly name = "SshConnectError";
  /** Dial attempts made. */
  readonly attempts: number;
  /** `user@host:port` of the target when this hop is its jump host. */
  readonly jumpHostFor?: string;

  constructor(endpoint: SshEndpoint, attempts: number, cause: Error, jumpHostFor?: string) {
    const role = jumpHostFor ? ` (jump host for ${jumpHostFor})` : "";
    const plural = attempts === 1 ? "attempt" : "attempts";
    super(`could not connect to ${endpointLabel(endpoint)}${role} after ${attempts} ${plural}: ${cause.message}`, endpoint, cause);
    this.attempts = attempts;
    this.jumpHostFor = jumpHostFor;
  }
}

/** The server rejected every configured authentication method, or none could be used. Never retried. */
export class SshAuthError extends SshError {
  override readonly name = "SshAuthError";
  /** Methods tried, in order (`publickey`, `password`, `agent`, `keyboard-interactive`). */
  readonly methodsTried: string[];
  /** Methods the server said it accepts, when it said so. */
  readonly serverMethods?: string[];

  /** `SHA256:... (type)` of every public key offered (the configured key, the agent's keys); never key material. */
  readonly keyFingerprints: string[];

  constructor(endpoint: SshEndpoint, detail: string, methodsTried: string[], serverMethods?: string[], cause?: unknown, keyFingerprints: string[] = []) {
    super(`authentication failed for ${endpointLabel(endpoint)}: ${detail}`, endpoint, cause);
    this.methodsTried = methodsTried;
    this.serverMethods = serverMethods;
    this.keyFingerprints = keyFingerprints;
  }
}

/** What the host presented and what was expected, for {@link HostKeyVerificationError}. */
export interface HostKeyMismatch {
  /** `SHA256:...` of the key the host presented; absent when the configuration itself is unusable. */
  presentedFingerprint?: string;
  presentedKeyType?: string;
  /** Fingerprints the configuration accepts for this host (empty when the host is unknown). */
  expectedFingerprints: string[];
  /** Why the key was refused, in words: "but the configured hostKey is SHA256:...". */
  reason: string;
}

/** The host's key did not match the configured one (or the host is unknown). Raised before authentication; never retried. */
export class HostKeyVerificationError extends SshError {
  override readonly name = "HostKeyVerificationError";
  readonly presentedFingerprint?: string;
  readonly presentedKeyType?: string;
  readonly expectedFingerprints: string[];

  constructor(endpoint: SshEndpoint, mismatch: HostKeyMismatch) {
    const seen = mismatch.presentedFingerprint
      ? `the host presented ${mismatch.presentedFingerprint} (${mismatch.presentedKeyType}) `
      : "";
    super(`host key verification failed for ${hostPort(endpoint)}: ${seen}${mismatch.reason}`, endpoint);
    this.presentedFingerprint = mismatch.presentedFingerprint;
    this.presentedKeyType = mismatch.presentedKeyType;
    this.expectedFingerprints = mismatch.expectedFingerprints;
  }
}

/** The command channel failed (connection lost, channel refused); the exit status of the script is unknown. */
export class SshExecError extends SshError {
  override readonly name = "SshExecError";
  readonly command: string;
  /** True when the script may have started on the host (so it was not retried). */
  readonly mayHaveRun: boolean;

  constructor(endpoint: SshEndpoint, command: string, detail: string, mayHaveRun: boolean, cause?: unknown) {
    super(`running ${command} on ${endpointLabel(endpoint)} failed: ${detail}`, endpoint, cause);
    this.command = command;
    this.mayHaveRun = mayHaveRun;
  }
}

/** The whole operation (connect + run) exceeded its time budget. */
export class SshTimeoutError extends SshError {
  override readonly name = "SshTimeoutError";
  readonly timeoutMs: number;
  /** What was under way when time ran out. */
  readonly phase: "connecting" | "running the script";

  constructor(endpoint: SshEndpoint, timeoutMs: number, phase: "connecting" | "running the script") {
    super(`operation on ${endpointLabel(endpoint)} timed out after ${timeoutMs} ms while ${phase}`, endpoint);
    this.timeoutMs = timeoutMs;
    this.phase = phase;
  }
}

function hostPort({ host, port }: SshEndpoint): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
