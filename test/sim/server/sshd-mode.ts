// sshd mode: a real OpenSSH sshd serves the host; its ForceCommand wrapper reports each exec here.
import { constants } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SimMachine } from "../machine-api";
import type { ControlServer, WrappedExec } from "./control-server";
import type { ExecStartRequest } from "./control-protocol";
import { giveWritableDirsTo, type HostDirs } from "./host-dirs";
import type { HostSessions } from "./host-sessions";
import type { SshKeyPair } from "./keys";
import { sessionUserFor, type LoginShell } from "./login-shells";
import { sessionPath } from "./session-env";
import { sessionWrapperScript } from "./session-wrapper";
import { startSshd } from "./sshd-server";

export interface SshdModeContext {
  machine: SimMachine;
  dirs: HostDirs;
  shell: LoginShell;
  sessions: HostSessions;
  hostId: string;
  control: ControlServer;
  hostKeys: SshKeyPair;
  clientKeys: SshKeyPair;
  /** The host's sandbox: sshd runs in its mount namespace and chroots every session to its root. */
  sandbox?: { enterNamespace: string[]; chrootDirectory: string };
}

export interface SshdMode {
  port: number;
  /** The account sessions run as (root, or laggsim-<shell>). */
  user: string;
  beginWrappedExec(start: ExecStartRequest): WrappedExec | undefined;
  stop(): Promise<void>;
}

/** Writes the host key, authorized_keys and wrapper, then starts sshd. */
export async function startSshdMode(ctx: SshdModeContext): Promise<SshdMode> {
  const { dirs } = ctx;
  const user = sessionUserFor(ctx.shell);
  const hostKeyPath = join(dirs.etc, "ssh_host_ed25519_key");
  writeFileSync(hostKeyPath, ctx.hostKeys.privateKey, { mode: 0o600 });
  // sshd reads authorized_keys and runs the wrapper as the session user, so both live outside the 0700 etc dir.
  const authorizedKeysPath = join(dirs.root, "authorized_keys");
  writeFileSync(authorizedKeysPath, `${ctx.clientKeys.publicKey}\n`, { mode: 0o644 });
  const wrapperPath = join(dirs.root, "session-wrapper");
  writeFileSync(
    wrapperPath,
    sessionWrapperScript({
      controlPort: ctx.control.port,
      hostId: ctx.hostId,
      ioDir: dirs.io,
      managementAddress: ctx.machine.managementAddress,
      path: sessionPath(dirs.bin),
    }),
    { mode: 0o755 },
  );
  giveWritableDirsTo(dirs, user.uid, user.gid);
  const sshd = await startSshd({
    dir: dirs.etc,
    hostKeyPath,
    authorizedKeysPath,
    user: user.name,
    wrapperPath,
    env: { PATH: sessionPath(dirs.bin), LAGG_STATE_DIR: dirs.state },
    launcher: ctx.sandbox?.enterNamespace,
    chrootDirectory: ctx.sandbox?.chrootDirectory,
  });
  return {
    port: sshd.port,
    user: user.name,
    stop: () => sshd.stop(),
    beginWrappedExec: (start) => {
      const { sessionId, connection } = ctx.sessions.connectionOf(start.peerPort);
      const at = Date.now();
      ctx.sessions.trackGroup(start.pgid);
      return {
        sessionId,
        clientIp: connection?.clientIp ?? "127.0.0.1",
        clientPort: connection?.clientPort ?? start.peerPort,
        finish: async (end, stdin) => {
          ctx.sessions.untrackGroup(start.pgid);
          ctx.sessions.execFinished(connection);
          const signal = end.exitStatus < 0 ? signalName(-end.exitStatus) : undefined;
          ctx.sessions.record({
            sessionId,
            command: start.command,
            stdin,
            exitCode: signal ? null : end.exitStatus,
            ...(signal ? { signal } : {}),
            stdoutBytes: end.stdoutBytes,
            durationMs: Date.now() - at,
            at,
            connectionCut: connection?.cut ?? false,
          });
        },
      };
    },
  };
}

function signalName(signo: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === signo);
  return entry ? entry[0].replace(/^SIG/, "") : String(signo);
}
