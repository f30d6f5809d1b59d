// One SSH hop with defaults filled in, plus the keys the pool and the host lock are indexed by.
import { createHash } from "crypto";
import type { Connection, HopConnection } from "../types";
import { endpointLabel, SshEndpoint } from "./errors";

/** A hop with `remote.Connection` defaults applied (port 22, user root, 10 dial attempts, 15 s per dial). */
export interface ResolvedHop extends SshEndpoint {
  password?: string;
  privateKey?: string;
  privateKeyPassword?: string;
  /** Explicit `agentSocketPath`, else `$SSH_AUTH_SOCK` at the time of the call. */
  agentSocketPath?: string;
  /** -1 = unlimited. */
  dialErrorLimit: number;
  /** 0 = no limit. */
  perDialTimeoutMs: number;
  hostKey?: string;
  knownHostsPath?: string;
  insecureSkipHostKeyCheck: boolean;
}

/** Applies defaults to one hop. Reads `SSH_AUTH_SOCK` now, not at module load. */
export function resolveHop(hop: HopConnection): ResolvedHop {
  const agentSocketPath = hop.agentSocketPath || process.env.SSH_AUTH_SOCK || undefined;
  return {
    host: hop.host,
    port: hop.port ?? 22,
    user: hop.user ?? "root",
    password: hop.password,
    privateKey: hop.privateKey,
    privateKeyPassword: hop.privateKeyPassword,
    agentSocketPath,
    dialErrorLimit: hop.dialErrorLimit ?? 10,
    perDialTimeoutMs: (hop.perDialTimeout ?? 15) * 1000,
    hostKey: hop.hostKey,
    knownHostsPath: hop.knownHostsPath,
    insecureSkipHostKeyCheck: hop.insecureSkipHostKeyCheck === true,
  };
}

/** `user@host:port`, or `user@host:port via jump@bastion:22` through a proxy: the host lock's key. */
export function routeLabel(connection: Connection): string {
  const target = endpointLabel(resolveHop(connection));
  return connection.proxy ? `${target} via ${endpointLabel(resolveHop(connection.proxy))}` : target;
}

/**
 * Pool key: the route plus a digest of everything that decides what the connection may do (credentials and
 * host-key policy), so a connection opened with one set of credentials is never handed to another.
 * The digest stays in memory and is never printed.
 */
export function poolKeyOf(hop: ResolvedHop, via?: string): string {
  const identity = JSON.stringify([
    hop.password, hop.privateKey, hop.privateKeyPassword, hop.agentSocketPath,
    hop.hostKey, hop.knownHostsPath, hop.insecureSkipHostKeyCheck,
  ]);
  const digest = createHash("sha256").update(identity).digest("hex").slice(0, 32);
  return `${endpointLabel(hop)}${via ? ` via ${via}` : ""}#${digest}`;
}
