// Login shells the simulated host can give its user, and (for real sshd) the local user that has each one.
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { basename } from "node:path";
import { findExecutable } from "./find-executable";

/** Login shells a simulated host can have. On Debian `csh` is tcsh. */
export type LoginShellName = "sh" | "bash" | "zsh" | "tcsh" | "csh";

export const LOGIN_SHELLS: readonly LoginShellName[] = ["sh", "bash", "zsh", "tcsh", "csh"];

/** A login shell found on this machine. */
export interface LoginShell {
  name: LoginShellName;
  /** Absolute path as it goes into the passwd entry and $SHELL. */
  path: string;
  /** argv[0] for `-c` execs: the basename, as sshd passes it. */
  argv0: string;
}

const CANDIDATES: Record<LoginShellName, string[]> = {
  sh: ["/bin/sh"],
  bash: ["/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash"],
  zsh: ["/usr/bin/zsh", "/bin/zsh", "/usr/local/bin/zsh"],
  tcsh: ["/usr/bin/tcsh", "/bin/tcsh", "/usr/local/bin/tcsh"],
  csh: ["/bin/csh", "/usr/bin/csh"],
};

/** Finds the login shell `name`; throws naming the paths looked at when it is not installed. */
export function resolveLoginShell(name: LoginShellName): LoginShell {
  const candidates = CANDIDATES[name];
  if (!candidates) throw new Error(`unknown login shell ${JSON.stringify(name)}; use one of ${LOGIN_SHELLS.join(", ")}`);
  const path = candidates.find((p) => findExecutable(p));
  if (!path) throw new Error(`login shell ${name} is not installed (looked for ${candidates.join(", ")})`);
  return { name, path, argv0: basename(path) };
}

/** A local account sessions run as under real sshd. */
export interface SessionUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Prefix of the dedicated accounts created for login shells other than root's own. */
export const SIM_USER_PREFIX = "laggsim-";

/**
 * The account whose login shell is `shell`: root when root's shell is that shell, otherwise the dedicated
 * account `laggsim-<shell>` (home /home/laggsim-<shell>), created with useradd when missing. Creating accounts
 * needs root; without it this throws.
 */
export function sessionUserFor(shell: LoginShell): SessionUser {
  const root = passwdEntry("root");
  if (root && sameFile(root.shell, shell.path)) return root.user;
  const name = `${SIM_USER_PREFIX}${shell.name}`;
  const existing = passwdEntry(name);
  if (existing && existing.shell === shell.path) return existing.user;
  if (process.getuid?.() !== 0) {
    throw new Error(`sshd mode with login shell ${shell.name} needs the account ${name}; run as root to create it`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      if (existing) execFileSync("usermod", ["-s", shell.path, name], { stdio: "pipe" });
      else
        execFileSync(
          "useradd",
          ["-m", "-d", `/home/${name}`, "-s", shell.path, "-p", "*", "-c", "pulumi-freebsd-lagg simulator", name],
          { stdio: "pipe" },
        );
      break;
    } catch (error) {
      const now = passwdEntry(name);
      if (now && now.shell === shell.path) break;
      if (attempt >= 5) throw new Error(`cannot create account ${name}: ${String(error)}`);
      execFileSync("sleep", ["0.2"]);
    }
  }
  const created = passwdEntry(name);
  if (!created) throw new Error(`account ${name} is missing after useradd`);
  return created.user;
}

function passwdEntry(name: string): { user: SessionUser; shell: string } | undefined {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid, , home, shell] = line.split(":");
  return { user: { name, uid: Number(uid), gid: Number(gid), home }, shell };
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}
