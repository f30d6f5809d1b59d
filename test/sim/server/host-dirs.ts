// The per-host temp directory: shims, state dir, home, shim I/O, detached-process pids, keys.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readEnviron } from "./proc-environ";
import { daemonScript, forwardShimScript, lockfScript } from "./shim-scripts";
import { GUARDED_TOOLS, userlandGuardScript } from "./userland-guards";

/** Directories of one simulated host, all under one temp root. */
export interface HostDirs {
  root: string;
  /** The shim directory, first in every session's PATH. */
  bin: string;
  /** Per-host writable state (lock files, markers), exported to sessions as LAGG_STATE_DIR. */
  state: string;
  /** HOME of ssh2-mode sessions (empty, so no rc files of this machine's real users apply). */
  home: string;
  /** Shim I/O files (stdin captures, spilled replies). */
  io: string;
  /** One empty file per process started by `daemon`, named by its pid. */
  pids: string;
  /** Key files (client private key, host keys, authorized_keys) and sshd files. */
  etc: string;
  /** The simulated host's own `/` (FreeBSD layout; see sandbox.ts): sessions run chrooted to it. */
  sysroot: string;
}

/**
 * Commands implemented by real processes rather than the simulated kernel (`sleep` is the system's own), and
 * the guards in front of the system's sed, grep, date, readlink and awk (userland-guards.ts: FreeBSD's forms only).
 */
export const REAL_COMMANDS: Readonly<Record<string, (dirs: HostDirs) => string>> = {
  lockf: () => lockfScript(),
  daemon: (dirs) => daemonScript(dirs.pids),
  ...Object.fromEntries(GUARDED_TOOLS.map((tool) => [tool, (dirs: HostDirs) => userlandGuardScript(tool, dirs.bin)])),
};

/** Creates the directory tree for a host; `label` (e.g. its hostname) only makes the path readable. */
export function createHostDirs(label: string): HostDirs {
  const safe = label.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 40) || "host";
  const root = mkdtempSync(join(tmpdir(), `laggsim-${safe}-`));
  chmodSync(root, 0o755);
  const dirs: HostDirs = {
    root,
    bin: join(root, "bin"),
    state: join(root, "state"),
    home: join(root, "home"),
    io: join(root, "io"),
    pids: join(root, "pids"),
    etc: join(root, "etc"),
    sysroot: join(root, "sysroot"),
  };
  for (const dir of [dirs.bin, dirs.state, dirs.home, dirs.io, dirs.pids]) mkdirSync(dir, { mode: 0o755 });
  mkdirSync(dirs.etc, { mode: 0o700 });
  return dirs;
}

/** What the forwarding shims need to reach this host. */
export interface ShimTarget {
  hostId: string;
  controlPort: number;
  commandNames: readonly string[];
  /** Commands that consume stdin; all others leave it alone. */
  commandsReadingStdin: readonly string[];
}

/** Writes one executable per emulated command, plus the real-behaviour commands, into `dirs.bin`. */
export function installShims(dirs: HostDirs, target: ShimTarget): string[] {
  const installed: string[] = [];
  const write = (name: string, text: string): void => {
    if (!/^[A-Za-z0-9_.+-]+$/.test(name)) throw new Error(`refusing to install a shim named ${JSON.stringify(name)}`);
    writeFileSync(join(dirs.bin, name), text, { mode: 0o755 });
    installed.push(name);
  };
  for (const command of target.commandNames) {
    if (command in REAL_COMMANDS || command === "sleep") continue;
    write(
      command,
      forwardShimScript({
        command,
        hostId: target.hostId,
        controlPort: target.controlPort,
        ioDir: dirs.io,
        readsStdin: target.commandsReadingStdin.includes(command),
      }),
    );
  }
  for (const [name, script] of Object.entries(REAL_COMMANDS)) write(name, script(dirs));
  return installed;
}

/** Hands the writable directories to the account sessions run as (real sshd with a non-root user). */
export function giveWritableDirsTo(dirs: HostDirs, uid: number, gid: number): void {
  for (const dir of [dirs.state, dirs.home, dirs.io, dirs.pids]) chownSync(dir, uid, gid);
}

/**
 * Kills every process `daemon` started on this host (each leads its own session, so its whole group). A pid is
 * only killed while its environment still names this host's state dir, so a recycled pid is left alone.
 */
export function killDetachedProcesses(dirs: HostDirs): void {
  let names: string[];
  try {
    names = readdirSync(dirs.pids);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 1 && readEnviron(pid).LAGG_STATE_DIR === dirs.state) killGroup(pid);
    rmSync(join(dirs.pids, name), { force: true });
  }
}

/**
 * SIGKILLs a process group and its leader, ignoring what is already gone. The leader is killed by pid too: a
 * child killed between fork and its setsid() has no group yet.
 */
export function killGroup(pgid: number): void {
  for (const target of [-pgid, pgid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export function removeHostDirs(dirs: HostDirs): void {
  rmSync(dirs.root, { recursive: true, force: true });
}
