// The environment a simulated host's SSH sessions start with (pure).

/** PATH of every session: the shim directory first, then the system's own directories. */
export function sessionPath(shimDir: string): string {
  return `${shimDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
}

export interface SessionEnvSpec {
  user: string;
  home: string;
  shellPath: string;
  shimDir: string;
  stateDir: string;
  clientIp: string;
  clientPort: number;
  /** The address sessions arrive on (the machine's management address). */
  managementAddress: string;
  sessionId: string;
  /** Variables the client sent that sshd would accept (LANG, LC_*). */
  accepted?: Record<string, string>;
}

/**
 * What sshd gives a session (USER, LOGNAME, HOME, SHELL, PATH, SSH_CLIENT, SSH_CONNECTION with the management
 * address on port 22), plus the simulator's LAGG_STATE_DIR (per-host writable dir for locks and markers) and
 * LAGG_SIM_SESSION_ID (lets the kernel attribute commands to their SSH connection).
 */
export function sessionEnv(spec: SessionEnvSpec): Record<string, string> {
  return {
    ...(spec.accepted ?? {}),
    USER: spec.user,
    LOGNAME: spec.user,
    HOME: spec.home,
    SHELL: spec.shellPath,
    PATH: sessionPath(spec.shimDir),
    SSH_CLIENT: `${spec.clientIp} ${spec.clientPort} 22`,
    SSH_CONNECTION: `${spec.clientIp} ${spec.clientPort} ${spec.managementAddress} 22`,
    LAGG_STATE_DIR: spec.stateDir,
    LAGG_SIM_SESSION_ID: spec.sessionId,
  };
}
