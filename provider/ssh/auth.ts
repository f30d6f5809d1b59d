// Authentication plan for one hop: only the configured methods, in a fixed order, never the `none` probe.
import { createAgent, utils } from "ssh2";
import { types } from "util";
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, ParsedKey } from "ssh2";
import { SshAuthError } from "./errors";
import { fingerprintOf } from "./fingerprint";
import type { ResolvedHop } from "./hop";

/** The authHandler to give ssh2, and what it did (for error messages). */
export interface AuthPlan {
  handler: AuthHandlerMiddleware;
  /** Methods offered to the server so far, in order. */
  tried: AuthenticationType[];
  /** Methods the server said it accepts (known after the first failure). */
  serverMethods?: AuthenticationType[];
  /** `SHA256:... (type)` of the configured private key's public half, when one is configured. */
  keyFingerprint?: string;
}

/**
 * Prepares publickey (privateKey + privateKeyPassword) → password → agent → keyboard-interactive (answered
 * with the password); each call of the result is a fresh plan for one dial attempt, which skips methods the
 * server has said it does not accept. Throws {@link SshAuthError} when nothing is configured or the private
 * key cannot be used, before any network traffic. The key is decrypted once here, not per attempt.
 */
export function prepareAuth(hop: ResolvedHop): () => AuthPlan {
  const username = hop.user;
  const steps: AnyAuthMethod[] = [];
  let keyFingerprint: string | undefined;
  if (hop.privateKey !== undefined) {
    const key = parsePrivateKey(hop);
    keyFingerprint = `${fingerprintOf(key.getPublicSSH())} (${key.type})`;
    steps.push({ type: "publickey", username, key });
  }
  if (hop.password !== undefined) steps.push({ type: "password", username, password: hop.password });
  if (hop.agentSocketPath) steps.push({ type: "agent", username, agent: hop.agentSocketPath });
  if (hop.password !== undefined) {
    const password = hop.password;
    steps.push({
      type: "keyboard-interactive",
      username,
      prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
    });
  }
  if (steps.length === 0) {
    throw new SshAuthError(hop, "no authentication method is configured (set privateKey, password or agentSocketPath; SSH_AUTH_SOCK is unset)", []);
  }

  return () => planOf(steps, keyFingerprint);
}

function planOf(steps: AnyAuthMethod[], keyFingerprint: string | undefined): AuthPlan {
  const plan: AuthPlan = { tried: [], handler: () => undefined, keyFingerprint };
  let next = 0;
  plan.handler = (methodsLeft, _partialSuccess, callback) => {
    // ssh2 passes null on the first call although its typings say otherwise.
    const allowed = methodsLeft as AuthenticationType[] | null;
    if (allowed) plan.serverMethods = allowed;
    while (next < steps.length) {
      const step = steps[next++];
      if (allowed && !allowed.includes(step.type)) continue;
      plan.tried.push(step.type);
      return callback(step);
    }
    return callback(false as unknown as AuthenticationType);
  };
  return plan;
}

/**
 * Explains an authentication failure without naming any secret: the methods offered, and for publickey the
 * fingerprint of the key offered (a public fact, as `ssh -v` prints it), so the user can tell which key it was.
 */
export function authFailure(hop: ResolvedHop, plan: AuthPlan, cause?: unknown): SshAuthError {
  const named = plan.tried.map((m) => (m === "publickey" && plan.keyFingerprint ? `publickey with key ${plan.keyFingerprint}` : m));
  const tried = plan.tried.length > 0 ? named.join(", ") : "nothing the server accepts";
  const accepted = plan.serverMethods ? `; the server accepts ${plan.serverMethods.join(", ") || "nothing"}` : "";
  const offered = plan.keyFingerprint && plan.tried.includes("publickey") ? [plan.keyFingerprint] : [];
  return new SshAuthError(hop, `tried ${tried}${accepted}`, [...plan.tried], plan.serverMethods, cause, offered);
}

/** How long listing the agent's keys for an error message may take. */
const AGENT_LIST_TIMEOUT_MS = 2000;

/**
 * Adds the fingerprints of the keys the agent offered to an authentication failure that tried the
 * agent (ssh2 does not say which keys it tried, so they are listed afterwards; errors here are ignored).
 */
export async function withAgentFingerprints(hop: ResolvedHop, error: SshAuthError): Promise<SshAuthError> {
  if (!error.methodsTried.includes("agent") || !hop.agentSocketPath) return error;
  const keys = await listAgentKeys(hop.agentSocketPath);
  if (keys.length === 0) return error;
  const detail = error.message.replace(/^authentication failed for [^:]+:\d+: /, "");
  const named = new SshAuthError(hop, `${detail}; the agent's keys: ${keys.join(", ")}`, error.methodsTried, error.serverMethods, error.cause, [...error.keyFingerprints, ...keys]);
  return Object.assign(named, { hostKeyFingerprint: error.hostKeyFingerprint });
}

function listAgentKeys(socketPath: string): Promise<string[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), AGENT_LIST_TIMEOUT_MS);
    try {
      createAgent(socketPath).getIdentities((err, keys) => {
        clearTimeout(timer);
        resolve(err || !keys ? [] : keys.map((k) => `${fingerprintOf((k as ParsedKey).getPublicSSH())} (${(k as ParsedKey).type})`));
      });
    } catch {
      clearTimeout(timer);
      resolve([]);
    }
  });
}

function parsePrivateKey(hop: ResolvedHop): ParsedKey {
  const parsed = utils.parseKey(hop.privateKey as string, hop.privateKeyPassword);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (types.isNativeError(key) || !key || !(key as ParsedKey).isPrivateKey()) {
    // ssh2's parse messages may quote bytes of the key, so only a fixed description is reported.
    throw new SshAuthError(hop, `the privateKey cannot be used: ${describeKeyProblem(key)}`, []);
  }
  return key as ParsedKey;
}

function describeKeyProblem(result: ParsedKey | Error | undefined): string {
  if (!types.isNativeError(result)) return "it is not a private key";
  if (/no passphrase given/i.test(result.message)) return "it is encrypted and no privateKeyPassword is set";
  if (/integrity check failed|bad decrypt|decrypt/i.test(result.message)) return "the privateKeyPassword does not decrypt it";
  return "it is malformed or in an unsupported format";
}
