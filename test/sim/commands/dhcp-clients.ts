// The dhclient daemons of a simulated host: one process per interface, its pidfile, and what ends it.
//
// Source: sbin/dhclient/dhclient.c (FreeBSD 14, main()): the pidfile is /var/run/dhclient/dhclient.IF.pid,
// opened with pidfile_open(3) before anything else; a second dhclient for the same interface fails with
// "dhclient already running, pid: N." (EEXIST: the first holds the file's lock); a missing directory only
// warns "Cannot open or create pidfile: ..." and dhclient runs on without a pidfile. exit(1) paths (no link)
// leave the pidfile behind; routehandler() removes it when the interface departs ("Interface IF is gone,
// dhclient exiting"). No SIGTERM handler: a killed dhclient leaves its addresses and its stale pidfile.
// At boot rc.d/cleanvar empties /var/run (inferred: cleanvar purges /var/run on every boot).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, normalize } from "node:path";

/** A process standing in for a dhclient daemon; `kill` as from the shell. */
export interface SimProcess {
  readonly pid: number;
  kill(): void;
  /** Runs once when the process ends (killed from a session, or by `kill()`). */
  onExit(callback: () => void): void;
}

/** Starts a process titled `title` (e.g. "dhclient: lagg0"). */
export type ProcessSpawner = (title: string) => SimProcess;

/** The simulated host's own files, by FreeBSD path. */
export interface HostFiles {
  exists(path: string): boolean;
  read(path: string): string | undefined;
  write(path: string, text: string): void;
  remove(path: string): void;
}

/** Files kept in memory (a machine without a transport, as in unit tests). */
export class MemoryHostFiles implements HostFiles {
  private readonly files = new Map<string, string>();
  constructor(private readonly dirs = new Set<string>(["/var/run", "/var/run/dhclient", "/var/db"])) {}
  exists(path: string): boolean {
    return this.dirs.has(path) || this.files.has(path);
  }
  read(path: string): string | undefined {
    return this.files.get(path);
  }
  write(path: string, text: string): void {
    if (!this.dirs.has(path.replace(/\/[^/]*$/, ""))) throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
    this.files.set(path, text);
  }
  remove(path: string): void {
    this.files.delete(path);
    this.dirs.delete(path);
  }
}

let virtualPid = 40000;

/** Processes that exist only in the simulator (pids from 40000 up); `kill()` ends them. */
export const virtualProcesses: ProcessSpawner = () => {
  const exits: (() => void)[] = [];
  let alive = true;
  return {
    pid: ++virtualPid,
    kill: () => {
      if (!alive) return;
      alive = false;
      for (const callback of exits.splice(0)) callback();
    },
    onExit: (callback) => void (alive ? exits.push(callback) : callback()),
  };
};

/** One running dhclient. */
export interface DhcpClient {
  interface: string;
  pid: number;
  /** The pidfile it holds, or null when it could not create one. */
  pidfile: string | null;
  readonly process: SimProcess;
}

/** The default pidfile of dhclient for an interface (FreeBSD 12+; 11.x used /var/run/dhclient.IF.pid). */
export function dhclientPidfile(iface: string): string {
  return `/var/run/dhclient/dhclient.${iface}.pid`;
}

/** The dhclient daemons of one machine (`machine.dhcp`). */
export class DhcpClients {
  private readonly clients = new Map<string, DhcpClient>();

  constructor(public files: HostFiles = new MemoryHostFiles(), public spawn: ProcessSpawner = virtualProcesses) {}

  /** Every dhclient process still alive. */
  list(): DhcpClient[] {
    return [...this.clients.values()];
  }

  /** The dhclient of `iface`, if one runs. */
  find(iface: string): DhcpClient | undefined {
    return this.clients.get(iface);
  }

  /** pidfile_open(3): the pid holding `path`, "ENOENT" when its directory is missing, or null (free). */
  holder(path: string): number | "ENOENT" | null {
    for (const client of this.clients.values()) if (client.pidfile === path) return client.pid;
    return this.files.exists(path.replace(/\/[^/]*$/, "")) ? null : "ENOENT";
  }

  /** Starts the process of a dhclient run and writes its pidfile (null: none could be created). */
  start(iface: string, pidfile: string | null): DhcpClient {
    const process = this.spawn(`dhclient: ${iface}`);
    const client: DhcpClient = { interface: iface, pid: process.pid, pidfile, process };
    if (pidfile) this.files.write(pidfile, `${process.pid}\n`);
    this.clients.set(iface, client);
    process.onExit(() => {
      if (this.clients.get(iface) === client) this.clients.delete(iface);
    });
    return client;
  }

  /** Whether the process of `client` is still running. */
  alive(client: DhcpClient): boolean {
    return this.clients.get(client.interface) === client;
  }

  /** The process exits on its own; `removePidfile` as pidfile_remove(3) does on the die path. */
  exit(client: DhcpClient, removePidfile: boolean): void {
    if (removePidfile && client.pidfile) this.files.remove(client.pidfile);
    client.process.kill();
    if (this.clients.get(client.interface) === client) this.clients.delete(client.interface);
  }

  /** The interface departed (destroyed): its dhclient removes its pidfile and exits. */
  interfaceGone(iface: string): void {
    const client = this.clients.get(iface);
    if (client) this.exit(client, true);
  }

  /** Power off: every process ends; /var/run is emptied at the next boot (rc.d/cleanvar). */
  stopAll(): void {
    for (const client of this.list()) this.exit(client, true);
  }
}

/** The files under a host's root directory on the machine running the simulator (the sandbox root). */
export class RootHostFiles implements HostFiles {
  constructor(private readonly root: string) {
    // /var/run/dhclient exists on a booted host (rc.d/dhclient creates it; inferred for the layout).
    mkdirSync(join(root, "var/run/dhclient"), { recursive: true, mode: 0o755 });
  }
  private real(path: string): string {
    return join(this.root, normalize(`/${path}`));
  }
  exists(path: string): boolean {
    return existsSync(this.real(path));
  }
  read(path: string): string | undefined {
    try {
      return readFileSync(this.real(path), "utf8");
    } catch {
      return undefined;
    }
  }
  write(path: string, text: string): void {
    writeFileSync(this.real(path), text, { mode: 0o644 });
  }
  remove(path: string): void {
    rmSync(this.real(path), { force: true, recursive: true });
  }
}
