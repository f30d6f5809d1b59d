// The SSH effect layer: the only module of the provider that talks to hosts.
export { runScript } from "./run-script";
export type { RunScriptOptions } from "./run-script";
export { runConversation, splitAtSentinel } from "./conversation";
export type { ConversationResult, FirstPart, NextPart } from "./conversation";
export type { ExecResult } from "./exec";
export { SCRIPT_COMMAND } from "./exec";
export { withHostLock } from "./host-lock";
export { closeAllConnections, configurePool } from "./pool";
export { fingerprintOf, parsePublicKeyLine, normalizeFingerprint } from "./fingerprint";
export { presentedHostKey } from "./host-identity";
export {
  SshError, SshConnectError, SshAuthError, HostKeyVerificationError, SshExecError, SshTimeoutError,
} from "./errors";
export type { SshEndpoint, HostKeyMismatch } from "./errors";
