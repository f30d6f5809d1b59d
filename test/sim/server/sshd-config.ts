// sshd_config for a simulated host's real OpenSSH server (pure): everything under the host's temp dir.

export interface SshdConfigSpec {
  port: number;
  hostKeyPath: string;
  authorizedKeysPath: string;
  pidFilePath: string;
  /** The account sessions run as (its passwd login shell is the host's login shell). */
  user: string;
  /** ForceCommand: the session wrapper, which runs the client's command through the login shell. */
  wrapperPath: string;
  /** SetEnv for every session: PATH (shim dir first), LAGG_STATE_DIR, ... (no spaces or quotes in values). */
  env: Record<string, string>;
  /** ChrootDirectory for sessions (the host's sandbox root as sshd sees it), if any. */
  chrootDirectory?: string;
}

/**
 * Renders sshd_config. Facts checked against OpenSSH 9.2 here: SetEnv overrides the PATH sshd would set (so the
 * shim dir comes first; a bash login shell's ~/.bashrc may still prepend to it), but SSH_CONNECTION is set after
 * SetEnv, so the wrapper rewrites it. Only `HostKey` keys are loaded (never /etc/ssh), no PAM, no StrictModes.
 */
export function renderSshdConfig(spec: SshdConfigSpec): string {
  for (const [name, value] of Object.entries(spec.env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /[\s"'\\]/.test(value)) {
      throw new Error(`SetEnv cannot carry ${name}=${JSON.stringify(value)}`);
    }
  }
  const setEnv = Object.entries(spec.env)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
  return [
    `ListenAddress 127.0.0.1:${spec.port}`,
    `HostKey ${spec.hostKeyPath}`,
    `PidFile ${spec.pidFilePath}`,
    `AuthorizedKeysFile ${spec.authorizedKeysPath}`,
    `AllowUsers ${spec.user}`,
    spec.user === "root" ? "PermitRootLogin prohibit-password" : "PermitRootLogin no",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "HostbasedAuthentication no",
    "UsePAM no",
    "StrictModes no",
    "PermitUserEnvironment no",
    "UseDNS no",
    "PrintMotd no",
    "PrintLastLog no",
    "X11Forwarding no",
    "AllowTcpForwarding no",
    "AllowAgentForwarding no",
    "PermitTunnel no",
    "MaxStartups 100:30:200",
    "MaxSessions 64",
    "LogLevel INFO",
    `SetEnv ${setEnv}`,
    `ForceCommand ${spec.wrapperPath}`,
    ...(spec.chrootDirectory ? [`ChrootDirectory ${spec.chrootDirectory}`] : []),
    "",
  ].join("\n");
}
