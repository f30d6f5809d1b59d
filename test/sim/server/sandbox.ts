// The simulated host's file system: a per-host root with FreeBSD's layout (/etc/rc.conf, /var/run, /var/db,
// /root, /tmp of its own), in which every session command runs, so nothing a script does there (emulated
// command or not) reaches the machine running the simulator's files.
//
// How: one long-lived holder process per host owns a private mount namespace (`unshare --mount`), in which the
// system's /usr (and /etc/alternatives) is bind-mounted read-only into the per-host root, /dev gets a tmpfs with only null/zero/
// random/urandom/tty, and the host's temp dir is bind-mounted at its own path (shims, I/O files and the
// session wrapper keep their paths inside). The root itself is bind-mounted at /mnt in that namespace only:
// sshd's ChrootDirectory wants every component of the path root-owned and not writable by others, which
// /tmp is not. Sessions enter with setns(2)+chroot(2) (ssh2 mode: a small perl launcher; sshd mode: sshd
// itself runs in the namespace with `ChrootDirectory /mnt`). No /proc is mounted inside: /proc/1/root would
// lead straight back out. Not isolated: processes (no pid namespace: `kill` as root reaches real pids) and
// the network (the shims need 127.0.0.1).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findExecutable } from "./find-executable";

/** Where the host's root is mounted inside its namespace (also sshd's ChrootDirectory). */
export const SANDBOX_MOUNT_POINT = "/mnt";

/** Files of the real /etc a session needs (user names for id/whoami, the shells list); rc.conf is the host's. */
const ETC_COPIES = ["passwd", "group", "shells", "nsswitch.conf", "hosts", "localtime", "services", "protocols"];
const DEVICES = ["null", "zero", "random", "urandom", "tty"];

/** A running sandbox. */
export interface Sandbox {
  /** The directory standing for `/` (on the real file system). */
  root: string;
  /** pid of the process holding the mount namespace. */
  holderPid: number;
  /** The command prefix that runs a program inside the namespace (still on the real root: for sshd). */
  enterNamespace: string[];
  stop(): Promise<void>;
}

/** Why a sandbox cannot be built here, or undefined when it can. */
export function sandboxUnavailableReason(): string | undefined {
  if (process.platform !== "linux") return "sandboxing needs Linux mount namespaces";
  if (process.getuid?.() !== 0) return "sandboxing needs root (mount namespaces, chroot)";
  if (!findExecutable("/usr/bin/unshare") && !findExecutable("unshare")) return "unshare (util-linux) is not installed";
  if (!findExecutable("/usr/bin/nsenter") && !findExecutable("nsenter")) return "nsenter (util-linux) is not installed";
  if (!SETNS_SYSCALL[process.arch]) return `no setns(2) number known for ${process.arch}`;
  return undefined;
}

/** setns(2) numbers by Node's process.arch (the perl launcher calls it through syscall()). */
export const SETNS_SYSCALL: Readonly<Record<string, number>> = { x64: 308, arm64: 268, ia32: 346, arm: 375 };

/** Lays out the per-host root: FreeBSD's directories, copies of the /etc files sessions need, mount points. */
export function buildSandboxRoot(root: string, hostDir: string, homes: readonly { path: string; uid: number; gid: number }[]): void {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  for (const dir of ["etc", "var/run", "var/db", "var/log", "var/empty", "root", "home", "usr", "dev", "mnt", "boot"]) {
    mkdirSync(join(root, dir), { recursive: true, mode: 0o755 });
  }
  chmodSync(join(root, "root"), 0o700);
  for (const dir of ["tmp", "var/tmp"]) {
    mkdirSync(join(root, dir), { recursive: true });
    chmodSync(join(root, dir), 0o1777);
  }
  // Debian's merged /usr: /bin, /sbin, /lib* are symlinks into /usr, which is mounted; copy the same links.
  for (const name of ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]) {
    const real = `/${name}`;
    if (!existsSync(real) || existsSync(join(root, name))) continue;
    if (lstatSync(real).isSymbolicLink()) symlinkSync(readlinkSync(real), join(root, name));
    else mkdirSync(join(root, name), { mode: 0o755 });
  }
  for (const file of ETC_COPIES) {
    if (existsSync(`/etc/${file}`)) copyFileSync(`/etc/${file}`, join(root, "etc", file));
  }
  // Debian's /usr/bin/awk (and others) are links through /etc/alternatives: the holder mounts the system's over
  // this mount point (holderScript). Mounted, not copied as ~400 symlinks: a fleet of 200 hosts (the bench's
  // cheap host mode) spent most of its start and stop making and removing them.
  if (existsSync("/etc/alternatives")) mkdirSync(join(root, "etc/alternatives"), { recursive: true });
  if (!existsSync(join(root, "etc/rc.conf"))) writeFileSync(join(root, "etc/rc.conf"), "");
  // The host's temp dir keeps its path inside (shims, I/O files, the sshd wrapper).
  mkdirSync(join(root, hostDir), { recursive: true, mode: 0o755 });
  for (const home of homes) {
    mkdirSync(join(root, home.path), { recursive: true, mode: 0o755 });
    if (home.path !== "/root") chownQuiet(join(root, home.path), home.uid, home.gid);
  }
}

function chownQuiet(path: string, uid: number, gid: number): void {
  try {
    chownSync(path, uid, gid);
  } catch {
    // not root: the sandbox is not used anyway
  }
}

/** The shell script the holder runs inside its new mount namespace (pure, exported for tests). */
export function holderScript(root: string, hostDir: string): string {
  const q = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  const dirs = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"].filter((n) => existsSync(`/${n}`) && !lstatSync(`/${n}`).isSymbolicLink());
  return [
    "set -e",
    `R=${q(root)}`,
    "mount --make-rprivate /",
    'mount --bind -o ro /usr "$R/usr"',
    ...(existsSync("/etc/alternatives") ? ['mount --bind -o ro /etc/alternatives "$R/etc/alternatives"'] : []),
    ...dirs.map((n) => `mount --bind -o ro /${n} "$R/${n}"`),
    'mount -t tmpfs -o mode=755,size=64k laggsim-dev "$R/dev"',
    ...DEVICES.map((d) => `: > "$R/dev/${d}"; mount --bind /dev/${d} "$R/dev/${d}"`),
    'ln -s /proc/self/fd "$R/dev/fd"',
    `mount --bind ${q(hostDir)} "$R"${q(hostDir)}`,
    `mount --rbind "$R" ${SANDBOX_MOUNT_POINT}`,
    "echo ready",
    // Lives as long as the simulator: its stdin is a pipe from node, so a crashed simulator frees the namespace.
    "exec cat > /dev/null",
  ].join("\n");
}

/** Starts the namespace holder for a host root and waits until its mounts are in place. */
export async function startSandbox(root: string, hostDir: string): Promise<Sandbox> {
  const unshare = findExecutable("/usr/bin/unshare") ?? "unshare";
  const nsenter = findExecutable("/usr/bin/nsenter") ?? "nsenter";
  const holder: ChildProcessWithoutNullStreams = spawn(unshare, ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", holderScript(root, hostDir)], {
    stdio: "pipe",
  });
  let err = "";
  holder.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => holder.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    holder.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes("ready\n")) resolve();
    });
    holder.once("exit", (code) => reject(new Error(`sandbox setup failed (exit ${code}): ${err.trim()}`)));
    holder.once("error", reject);
  });
  const pid = holder.pid as number;
  return {
    root,
    holderPid: pid,
    enterNamespace: [nsenter, `--mount=/proc/${pid}/ns/mnt`, "--"],
    stop: async () => {
      if (holder.exitCode === null && holder.signalCode === null) {
        holder.stdin.end();
        holder.kill("SIGKILL");
      }
      await exited;
    },
  };
}

/**
 * The perl launcher of ssh2-mode sessions: `launcher NS_PATH SHELL ARGV0 CWD [ARGS...]` enters the mount
 * namespace (setns), chroots to the host root, changes to CWD and execs SHELL with ARGV0 (one perl start, no
 * modules: ~3 ms, and the login shell keeps its own $0).
 */
export function launcherScript(setnsSyscall: number): string {
  return `#!/usr/bin/perl
# Session launcher of the pulumi-freebsd-lagg simulator (test/sim/server/sandbox.ts).
my ($ns, $shell, $argv0, $cwd, @args) = @ARGV;
open(my $fh, '<', $ns) or die "simulator: $ns: $!\\n";
syscall(${setnsSyscall}, fileno($fh), 0x00020000) == 0 or die "simulator: setns: $!\\n";
close $fh;
chroot('${SANDBOX_MOUNT_POINT}') or die "simulator: chroot: $!\\n";
chdir($cwd) or chdir('/');
exec { $shell } $argv0, @args or die "$shell: $!\\n";
`;
}
