// Opening one SSH connection: TCP_NODELAY socket (or a forwarded channel), host key check, auth, retries.
import { Socket } from "net";
import type { Duplex } from "stream";
import { Client } from "ssh2";
import type { Algorithms } from "ssh2";
import { AuthPlan, authFailure, prepareAuth, withAgentFingerprints } from "./auth";
import { dialProgressMessage, isTransientDialError, mayRetry, retryDelayMs } from "./backoff";
import { endpointLabel, HostKeyVerificationError, SshAuthError, SshConnectError, SshError } from "./errors";
import { HostKeyPolicy, loadHostKeyPolicy } from "./host-key";
import type { ResolvedHop } from "./hop";
import { sanitizeCause, secretsOf } from "./secrets";
import { fingerprintOf } from "./fingerprint";
import { signPublickeyAtOnce } from "./ssh2-internals";
import { isNoCommonHostKeyType, probePresentedKey } from "./host-key-probe";

/** The byte stream one SSH session runs over. */
export interface OpenedStream {
  stream: Duplex;
  /** Our TCP socket when dialling directly (the pool refs/unrefs it). */
  socket?: Socket;
  /** Gives back what opening the stream borrowed (the jump host's connection). */
  release?: () => void;
}

/** Opens the stream for one attempt: TCP to the host, or a channel forwarded through a jump host. */
export type StreamOpener = () => Promise<OpenedStream>;

/** A connected, authenticated client. */
export interface DialedConnection extends OpenedStream {
  client: Client;
  /** `SHA256:...` of the host key the server presented during this dial (the machine's identity). */
  hostKeyFingerprint: string;
}

/** A connected, authenticated client before the stream details are attached. */
interface Handshaken {
  client: Client;
  hostKeyFingerprint: string;
}

/** Who is waiting for a dial and how to report on it. */
export interface DialContext {
  onProgress?: (message: string) => void;
  /** Aborted once nobody waits for this dial any more: the attempt in flight is torn down, no new one starts. */
  signal: AbortSignal;
  /** Label of the target when this hop is its jump host. */
  jumpHostFor?: string;
}

const FINAL_AUTH_FAILURE = "All configured authentication methods failed";

/**
 * The host accepted the connection but did not complete the SSH handshake within perDialTimeout: a
 * silent or wedged sshd, or something else listening on the port. Unlike a refusal this is not
 * transient (a host coming up refuses or drops SYNs), so it is not retried: retrying spent
 * dialErrorLimit x perDialTimeout (158 s with the defaults) to report the same silence.
 */
function stalledHandshake(hop: ResolvedHop): Error {
  const ms = hop.perDialTimeoutMs;
  return Object.assign(
    new Error(`the host accepted the TCP connection but did not complete the SSH handshake within ${ms} ms (perDialTimeout); ` +
      "a silent or overloaded sshd, or not an SSH server on that port; not retried"),
    { permanent: true },
  );
}

/**
 * Dials `hop`, retrying transient failures (refused, reset, timed out, handshake timeout) up to
 * `dialErrorLimit` attempts with 100 ms ×1.5 backoff capped at 5 s. Authentication and host key failures are
 * thrown at once. The final failure is an {@link SshConnectError} naming the attempts and the last cause.
 */
export async function dialWithRetries(hop: ResolvedHop, openStream: StreamOpener, context: DialContext): Promise<DialedConnection> {
  const label = endpointLabel(hop);
  const secrets = secretsOf(hop);
  const nextAuthPlan = prepareAuth(hop);
  const policy = await loadHostKeyPolicy(hop);
  for (let attempt = 1; ; attempt++) {
    const { signal } = context;
    try {
      return await dialOnce(hop, openStream, policy, nextAuthPlan(), signal);
    } catch (error) {
      if (error instanceof SshAuthError) throw await withAgentFingerprints(hop, error);
      if (error instanceof SshError) throw error;
      const cause = sanitizeCause(error, secrets);
      if (signal.aborted) throw new SshConnectError(hop, attempt, cause, context.jumpHostFor);
      const retry = isTransientDialError(error) && mayRetry(attempt, hop.dialErrorLimit);
      const delayMs = retry ? retryDelayMs(attempt) : undefined;
      context.onProgress?.(dialProgressMessage(label, attempt, hop.dialErrorLimit, cause.message, delayMs));
      if (delayMs === undefined) throw new SshConnectError(hop, attempt, cause, context.jumpHostFor);
      await pause(delayMs, signal);
      if (signal.aborted) throw new SshConnectError(hop, attempt, cause, context.jumpHostFor);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Opens a TCP connection with Nagle off: without it every exec round trip stalls 40–90 ms on delayed ACKs. */
export function openTcpStream(hop: ResolvedHop): Promise<OpenedStream> {
  const socket = new Socket();
  socket.setNoDelay(true);
  socket.connect({ host: hop.host, port: hop.port, noDelay: true });
  return Promise.resolve({ stream: socket, socket });
}

async function dialOnce(hop: ResolvedHop, openStream: StreamOpener, policy: HostKeyPolicy, plan: AuthPlan, signal: AbortSignal): Promise<DialedConnection> {
  const opened = await openStream();
  try {
    const done = await handshake(hop, opened.stream, policy, plan, signal);
    return { ...opened, ...done };
  } catch (error) {
    opened.stream.destroy();
    opened.release?.();
    if (isNoCommonHostKeyType(error, policy)) throw (await refusalOfPresentedKey(hop, openStream, policy)) ?? error;
    throw error;
  }
}

/** The refusal naming the key the host has, learnt over a fresh stream (see host-key-probe.ts). */
async function refusalOfPresentedKey(hop: ResolvedHop, openStream: StreamOpener, policy: HostKeyPolicy): Promise<HostKeyVerificationError | undefined> {
  const probe = await openStream().catch(() => undefined);
  if (!probe) return undefined;
  try {
    return await probePresentedKey(hop, probe.stream, policy);
  } finally {
    probe.stream.destroy();
    probe.release?.();
  }
}

function handshake(hop: ResolvedHop, stream: Duplex, policy: HostKeyPolicy, plan: AuthPlan, signal: AbortSignal): Promise<Handshaken> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyError: HostKeyVerificationError | undefined;
    let hostKeyFingerprint = "";
    let settled = false;
    // TCP (or the jump host's channel) is up: from here on, silence is the server's, not the network's.
    let connected = false;
    client.on("connect", () => (connected = true));
    // Declared before use: closure serialization cannot follow references to later declarations.
    let onAbort: () => void = () => undefined;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      client.destroy();
      reject(hostKeyError ?? error);
    };
    onAbort = () => fail(new Error("the dial was abandoned: nobody waits for it any more"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    client.on("error", (error: Error & { level?: string }) => {
      // Agent and per-key signing problems are reported as errors, but ssh2 goes on with the next method.
      if (error.level === "agent") return;
      if (error.level === "client-authentication") {
        if (error.message === FINAL_AUTH_FAILURE) fail(Object.assign(authFailure(hop, plan, error), { hostKeyFingerprint }));
        return;
      }
      if (error.level === "client-timeout" && connected) return fail(stalledHandshake(hop));
      fail(error);
    });
    client.on("close", () => fail(new Error("the connection closed during the handshake")));
    client.once("ready", () => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      client.removeAllListeners("close");
      resolve({ client, hostKeyFingerprint });
    });
    client.connect({
      sock: stream,
      username: hop.user,
      readyTimeout: hop.perDialTimeoutMs,
      keepaliveInterval: 0,
      authHandler: plan.handler,
      hostVerifier: (key: Buffer) => {
        hostKeyFingerprint = fingerprintOf(key);
        hostKeyError = policy.check(key);
        return hostKeyError === undefined;
      },
      ...(policy.hostKeyAlgorithms && { algorithms: { serverHostKey: policy.hostKeyAlgorithms } as Algorithms }),
    });
    // One round trip fewer: the publickey request goes out signed, without asking first (ssh2-internals.ts).
    signPublickeyAtOnce(client);
  });
}
