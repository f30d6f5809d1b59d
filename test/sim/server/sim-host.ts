// startSimHost: one simulated FreeBSD host behind a real SSH server (embedded ssh2 or OpenSSH sshd).
import { writeFileSync } from "node:fs";
import { chmodSync } from "node:fs";
import { join } from "node:path";
import type { Server } from "ssh2";
import type { SimMachineOptions } from "../machine-api";
import { createSimMachine } from "../machine";
import { acquireControlServer, releaseControlServer, type ControlHost } from "./control-server";
import { createHostDirs, installShims, killDetachedProcesses, removeHostDirs } from "./host-dirs";
import { HostSessions } from "./host-sessions";
import { generateEd25519KeyPair } from "./keys";
import { resolveLoginShell, sessionUserFor } from "./login-shells";
import { buildSandboxRoot, launcherScript, sandboxUnavailableReason, SANDBOX_MOUNT_POINT, SETNS_SYSCALL, startSandbox } from "./sandbox";
import { managementReachable, watchManagementPath } from "./management-path";
import type { SimHost, SimHostOptions } from "./sim-host-types";
import { startSsh2Server } from "./ssh2-server";
import { startSshdMode } from "./sshd-mode";
import { serveSsh2Session, type Ssh2ModeContext } from "./ssh2-mode";
import { FrontProxy } from "./tcp-proxy";
import { TransportFaults } from "./transport-faults";
import { realDaemonProcesses } from "./daemon-processes";

let hostCounter = 0;

/** Starts a simulated host on 127.0.0.1 and resolves once it accepts SSH connections. */
export async function startSimHost(options: SimHostOptions = {}): Promise<SimHost> {
  const mode = options.mode ?? "ssh2";
  const shell = resolveLoginShell(options.loginShell ?? "sh");
  if (mode === "sshd" && options.password !== undefined) throw new Error("password auth is only offered in ssh2 mode");
  if (mode === "sshd" && options.replay) throw new Error("the cheap host mode (replay) is an ssh2-mode option");
  const machine = options.machine ?? createSimMachine(machineOptions(options));
  const hostId = `h${process.pid}-${++hostCounter}`;
  const dirs = createHostDirs(options.hostname ?? hostId);
  // A TrueNAS machine's checkin timer must not fire on a host that has stopped.
  const cleanups: (() => unknown)[] = [() => removeHostDirs(dirs), () => (machine as { middleware?: { dispose(): void } }).middleware?.dispose()];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };
  try {
    const control = await acquireControlServer();
    cleanups.push(() => releaseControlServer());
    const clientKeys = generateEd25519KeyPair("laggsim-client");
    const hostKeys = generateEd25519KeyPair();
    const otherHostKeys = generateEd25519KeyPair();
    const privateKeyPath = join(dirs.etc, "id_ed25519");
    writeFileSync(privateKeyPath, clientKeys.privateKey, { mode: 0o600 });
    installShims(dirs, {
      hostId,
      controlPort: control.port,
      commandNames: machine.commandNames,
      commandsReadingStdin: (machine as { commandsReadingStdin?: readonly string[] }).commandsReadingStdin ?? [],
    });

    // The host's own file system (sandbox.ts): rc.conf lives in it whether or not sessions can be chrooted.
    const sessionUser = mode === "sshd" ? sessionUserFor(shell) : { name: "root", uid: 0, gid: 0, home: "/root" };
    buildSandboxRoot(dirs.sysroot, dirs.root, [{ path: sessionUser.home, uid: sessionUser.uid, gid: sessionUser.gid }]);
    (machine as { attachRoot?: (dir: string) => void }).attachRoot?.(dirs.sysroot);
    // dhclient daemons are real processes a session can `kill`; none outlives the host.
    const dhcp = (machine as { dhcp?: { spawn: unknown; stopAll(): void } }).dhcp;
    if (dhcp) {
      dhcp.spawn = realDaemonProcesses;
      cleanups.push(() => dhcp.stopAll());
    }
    const unavailable = sandboxUnavailableReason();
    if (unavailable) warnOnce(`simulator: sessions run on the real root file system, not in a sandbox: ${unavailable}`);
    // The cheap host mode starts a host's sandbox on its first session that runs for real (ssh2-mode.ts): most
    // hosts of a fleet replay every exec, and a holder's start (unshare, a shell and a dozen mounts) would be
    // most of what such a host costs.
    const lazySandbox = !unavailable && mode === "ssh2" && options.replay !== undefined;
    const sandbox = unavailable || lazySandbox ? undefined : await startSandbox(dirs.sysroot, dirs.root);
    if (sandbox) cleanups.push(() => sandbox.stop());
    const launcherPath = join(dirs.root, "session-launcher");
    if (!unavailable) {
      writeFileSync(launcherPath, launcherScript(SETNS_SYSCALL[process.arch]), { mode: 0o755 });
      chmodSync(launcherPath, 0o755);
    }

    const faults = new TransportFaults(options.latencyMs ?? 0);
    let upstream = { normal: 0, refusing: 0, otherKey: 0 };
    const proxy = await FrontProxy.start({
      port: options.port,
      lingerMs: options.deadConnectionLingerMs,
      latencyMs: () => faults.latencyMs,
      stallMs: () => faults.stallMs,
      route: () => {
        if (faults.takeRefusal()) return undefined;
        if (!managementReachable(machine)) return undefined;
        if (faults.presentsWrongHostKey) return upstream.otherKey;
        return faults.authIsRefused ? upstream.refusing : upstream.normal;
      },
    });
    cleanups.push(() => proxy.close());
    const sessions = new HostSessions(proxy, faults);
    cleanups.push(() => {
      sessions.killAll();
      killDetachedProcesses(dirs);
    });
    cleanups.push(
      watchManagementPath(machine, proxy, faults, () => {
        sessions.killAll();
        killDetachedProcesses(dirs);
      }),
    );

    const user = mode === "ssh2" ? "root" : undefined;
    const ssh2Context: Ssh2ModeContext = {
      machine, dirs, shell, sessions, user: user ?? "root", replay: options.replay,
      sandbox: sandbox ? { launcherPath, namespacePath: `/proc/${sandbox.holderPid}/ns/mnt` } : undefined,
    };
    if (lazySandbox) {
      let starting: Promise<void> | undefined;
      ssh2Context.startSandbox = () =>
        (starting ??= (async () => {
          const started = await startSandbox(dirs.sysroot, dirs.root);
          // A host stopped meanwhile has run its cleanups: this holder must not outlive it.
          if (stopped) {
            await started.stop();
            throw new Error("the host has stopped");
          }
          cleanups.push(() => started.stop());
          ssh2Context.sandbox = { launcherPath, namespacePath: `/proc/${started.holderPid}/ns/mnt` };
        })());
    }
    const auth = {
      user: user ?? "root",
      clientPublicKey: clientKeys.publicKey,
      password: options.password,
      refuseAll: () => faults.authIsRefused,
    };
    const servers: Server[] = [];
    cleanups.push(() => servers.forEach((s) => s.close()));
    const onSession = serveSsh2Session(ssh2Context);
    const primary = await startSsh2Server(hostKeys.privateKey, auth, onSession);
    const other = await startSsh2Server(otherHostKeys.privateKey, auth, onSession);
    servers.push(primary.server, other.server);
    upstream = { normal: primary.port, refusing: primary.port, otherKey: other.port };

    let loginUser = auth.user;
    const controlHost: ControlHost = {
      ioDir: dirs.io,
      runCommand: (run, env, stdin) =>
        machine.run(run.command, run.argv, { stdin, env, sessionId: env.LAGG_SIM_SESSION_ID }),
      beginWrappedExec: () => undefined,
    };
    if (mode === "sshd") {
      const sshd = await startSshdMode({
        machine, dirs, shell, sessions, hostId, control, hostKeys, clientKeys,
        sandbox: sandbox ? { enterNamespace: sandbox.enterNamespace, chrootDirectory: SANDBOX_MOUNT_POINT } : undefined,
      });
      cleanups.push(() => sshd.stop());
      controlHost.beginWrappedExec = sshd.beginWrappedExec;
      loginUser = sshd.user;
      upstream = { ...upstream, normal: sshd.port };
    }
    control.register(hostId, controlHost);
    cleanups.push(() => control.unregister(hostId));

    let stopped: Promise<void> | undefined;
    return {
      host: "127.0.0.1",
      port: proxy.port,
      user: loginUser,
      privateKey: clientKeys.privateKey,
      privateKeyPath,
      hostKey: hostKeys.publicKey,
      fingerprint: hostKeys.fingerprint,
      password: options.password,
      mode,
      loginShell: shell.name,
      machine,
      execs: sessions.execs,
      faults,
      stateDir: dirs.state,
      stop: () => (stopped ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`${message}\n`);
}

/** The machine options among the host options (everything that is not about the transport). */
function machineOptions(options: SimHostOptions): SimMachineOptions {
  const { loginShell, password, latencyMs, mode, port, machine, deadConnectionLingerMs, replay, ...rest } = options;
  void [loginShell, password, latencyMs, mode, port, machine, deadConnectionLingerMs, replay];
  return rest;
}
