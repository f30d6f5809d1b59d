// ssh2 mode: each exec or shell request on the embedded server runs the login shell as sshd would.
import type { SimMachine } from "../machine-api";
import type { HostDirs } from "./host-dirs";
import type { HostSessions } from "./host-sessions";
import type { LoginShell } from "./login-shells";
import { sessionEnv } from "./session-env";
import { runSessionProcess, type SessionOutcome } from "./session-process";
import { fileChanges, hostStateKey, matchingStart, replayableCommands, replayExec, snapshotFiles, tapChannel } from "./replay";
import type { ReplayCache } from "./replay-cache";
import type { SessionRequest } from "./ssh2-server";

export interface Ssh2ModeContext {
  machine: SimMachine;
  dirs: HostDirs;
  shell: LoginShell;
  sessions: HostSessions;
  user: string;
  /** The host's sandbox (absent where namespaces are unavailable: sessions then run on the real root). */
  sandbox?: { launcherPath: string; namespacePath: string };
  /**
   * The cheap host mode: starts the sandbox (sets `sandbox`) for the first session that runs for real; the
   * hosts that replay every exec never start one. Same promise on every call.
   */
  startSandbox?: () => Promise<void>;
  /** The bench's cheap host mode: scripts recorded once and replayed on hosts in the same state (replay.ts). */
  replay?: ReplayCache;
}

/** The handler for session requests of the host's ssh2 servers. */
export function serveSsh2Session(ctx: Ssh2ModeContext): (request: SessionRequest) => void {
  return (request) => {
    const { sessionId, connection } = ctx.sessions.connectionOf(request.remotePort);
    if (request.command !== undefined && ctx.sessions.execArriving(connection)) return;
    const channel = request.accept();
    // Sessions see the sandbox's paths even before a lazily started one is up (it is up before they run).
    const sandboxed = ctx.sandbox !== undefined || ctx.startSandbox !== undefined;
    const failed = (error: unknown): void => {
      channel.stderr.write(`simulator: ${String(error)}\n`);
      channel.exit(70);
      channel.end();
    };
    /** Runs `then` once the sandbox is up (at once when it is, or when there is none). */
    const withSandbox = (then: () => void): void => {
      if (ctx.sandbox || !ctx.startSandbox) return then();
      ctx.startSandbox().then(then, failed);
    };
    const at = Date.now();
    const isExec = request.command !== undefined;
    const env = sessionEnv({
      user: ctx.user,
      home: sandboxed ? "/root" : ctx.dirs.home,
      shellPath: ctx.shell.path,
      shimDir: ctx.dirs.bin,
      stateDir: ctx.dirs.state,
      clientIp: connection?.clientIp ?? "127.0.0.1",
      clientPort: connection?.clientPort ?? request.remotePort,
      managementAddress: ctx.machine.managementAddress,
      sessionId,
      accepted: request.env,
    });
    if (ctx.replay && isExec) {
      const cache = ctx.replay;
      void hostStateKey(ctx.machine, ctx.dirs, request.command as string).then((state) => {
        // The first chunk of stdin decides (a host in one state gets different scripts: a read, an update);
        // it is put back for whichever path serves the exec.
        let decided = false;
        // A script on stdin is told apart by its start; a command line (nothing may come on stdin) by itself.
        const stdinDriven = request.command === "/bin/sh -s";
        const decide = (chunk?: Buffer, ended = chunk === undefined): void => {
          if (decided) return;
          decided = true;
          channel.removeListener("data", decide);
          channel.removeListener("end", decide);
          if (chunk) {
            channel.pause();
            channel.unshift(chunk);
          }
          const candidates = stdinDriven ? matchingStart(cache.candidates(state), chunk?.toString("utf8") ?? "") : cache.candidates(state);
          if (candidates.length > 0) {
            cache.replayed++;
            replayExec(channel, candidates, ctx.machine, ctx.dirs, env, sessionId, ended, (exitCode, stdin) => {
              ctx.sessions.record({
                sessionId, command: request.command as string, stdin, exitCode, stdoutBytes: 0,
                durationMs: Date.now() - at, at, connectionCut: connection?.cut ?? false,
              });
            });
            return void channel.resume();
          }
          cache.recorded++;
          // The channel stays paused (its stdin buffered) until the session process is there to read it.
          withSandbox(() => {
            const tap = tapChannel(channel, ended, stdinDriven);
            const files = snapshotFiles(ctx.dirs);
            const firstCommand = ctx.machine.records.commands.length;
            run((outcome) => {
              const commands = replayableCommands(ctx.machine.records.commands.slice(firstCommand).filter((c) => c.sessionId === sessionId));
              const clean = !outcome.signal && !outcome.channelLost && !(connection?.cut ?? false);
              const transcript = commands && tap.finish(outcome.exitCode, clean, commands, fileChanges(files, snapshotFiles(ctx.dirs)));
              if (transcript && cache.candidates(state).length < 8) cache.add(state, transcript);
            });
            channel.resume();
          });
        };
        if (!stdinDriven) return decide(undefined, false);
        channel.once("data", decide);
        channel.once("end", () => decide());
      }).catch((error: unknown) => {
        channel.stderr.write(`simulator (cheap host mode): ${String(error)}\n`);
        channel.exit(70);
        channel.end();
      });
      return;
    }
    withSandbox(() => run());

    function run(onRecorded?: (outcome: SessionOutcome) => void): void {
      let pgid = 0;
      runSessionProcess(
        channel,
        { shell: ctx.shell, command: request.command, env, cwd: sandboxed ? "/root" : ctx.dirs.home, sandbox: ctx.sandbox },
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
            onRecorded?.(outcome);
          },
        },
      );
    }
  };
}
