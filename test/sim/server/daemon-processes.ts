// Real processes standing in for daemons of the simulated host (dhclient), so a session's `kill PID` ends
// them as on FreeBSD. The sandbox has no pid namespace (server/sandbox.ts), so the pid in a pidfile is one
// `kill` reaches. Each process is `sleep` under the daemon's title (argv[0], as `ps` shows it).
import { spawn } from "node:child_process";
import type { ProcessSpawner } from "../commands/dhcp-clients";

/** Spawns a detached, unreferenced `sleep` titled like the daemon; its exit (any signal) is reported. */
export const realDaemonProcesses: ProcessSpawner = (title) => {
  const child = spawn("sleep", ["2147483647"], { argv0: title, detached: true, stdio: "ignore" });
  child.unref();
  const exits: (() => void)[] = [];
  let alive = true;
  const ended = (): void => {
    if (!alive) return;
    alive = false;
    for (const callback of exits.splice(0)) callback();
  };
  child.on("exit", ended);
  child.on("error", ended);
  return {
    pid: child.pid ?? -1,
    kill: () => {
      if (alive) child.kill("SIGKILL");
      ended();
    },
    onExit: (callback) => void (alive ? exits.push(callback) : callback()),
  };
};
