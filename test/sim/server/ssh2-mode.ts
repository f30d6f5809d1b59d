// ssh2 mode: each exec or shell request on the embedded server runs the login shell as sshd would.
import type { SimMachine } from "../machine-api";
import type { HostDirs } from "./host-dirs";
import type { HostSessions } from "./host-sessions";
import type { LoginShell } from "./login-shells";
import { sessionEnv } from "./session-env";
import { runSessionProcess } from "./session-process";
import type { SessionRequest } from "./ssh2-server";

export interface Ssh2ModeContext {
  machine: SimMachine;
  dirs: HostDirs;
  shell: LoginShell;
  sessions: HostSessions;
  user: string;
  /** The host's sandbox (absent where namespaces are unavailable: sessions then run on the real root). */
  sandbox?: { launcherPath: string; namespacePath: string };
}

/** The handler for session requests of the host's ssh2 servers. */
export function serveSsh2Session(ctx: Ssh2ModeContext): (request: SessionRequest) => void {
  return (request) => {
    const { sessionId, connection } = ctx.sessions.connectionOf(request.remotePort);
    if (request.command !== undefined && ctx.sessions.execArriving(connection)) return;
    const channel = request.accept();
    const at = Date.now();
    const isExec = request.command !== undefined;
    const env = sessionEnv({
      user: ctx.user,
      home: ctx.sandbox ? "/root" : ctx.dirs.home,
      shellPath: ctx.shell.path,
      shimDir: ctx.dirs.bin,
      stateDir: ctx.dirs.state,
      clientIp: connection?.clientIp ?? "127.0.0.1",
      clientPort: connection?.clientPort ?? request.remotePort,
      managementAddress: ctx.machine.managementAddress,
      sessionId,
      accepted: request.env,
    });
    let pgid = 0;
    runSessionProcess(
      channel,
      { shell: ctx.shell, command: request.command, env, cwd: ctx.sandbox ? "/root" : ctx.dirs.home, sandbox: ctx.sandbox },
      {
        onSpawn: (child) => {
          pgid = child.pid ?? 0;
          ctx.sessions.trackGroup(pgid);
        },
        beforeResult: () => {
          if (isExec) ctx.sessions.execFinished(connection);
        },
        onFinished: (outcome) => {
          ctx.sessions.untrackGroup(pgid);
          if (!isExec) return;
          ctx.sessions.record({
            sessionId,
            command: request.command as string,
            stdin: outcome.stdin,
            exitCode: outcome.exitCode,
            ...(outcome.signal ? { signal: outcome.signal } : {}),
            stdoutBytes: outcome.stdoutBytes,
            durationMs: Date.now() - at,
            at,
            connectionCut: outcome.channelLost || (connection?.cut ?? false),
          });
        },
      },
    );
  };
}
