// dhclient(8) against the simulator's fake DHCP server (leases 198.51.100.N/24).
//
// Source: sbin/dhclient/dhclient.c main() and bind_lease(), FreeBSD 14 (read from the index): getopt
// "bc:dl:p:qu"; pidfile first (commands/dhcp-clients.ts); no link -> "IF: no link ..." to stderr, one "." per
// second, after 1 + 10 s " giving up" and exit(1); then PREINIT; DISCOVER until the panic timeout (60 s),
// then "No DHCPOFFERS received." and it daemonizes anyway; a lease's interface-mtu option (26) is set with
// SIOCSIFMTU before the BOUND script runs; go_daemon() after binding, so the command returns once bound.
// dhclient-script (FreeBSD 13/14): PREINIT `ifconfig IF inet alias 0.0.0.0 netmask 255.0.0.0 broadcast
// 255.255.255.255 up` (real-host-facts.md 7; the exact words from memory of the script, not re-read);
// BOUND add_new_address `ifconfig IF inet ADDR netmask MASK broadcast BCAST` without `alias`, which replaces
// the interface's first IPv4 address. Messages go to stderr (errwarn.c writes to STDERR_FILENO).
import type { CommandResult } from "../machine-api";
import type { Kernel } from "../kernel/kernel";
import { carriesTraffic, laggMediaActive } from "../kernel/lagg-view";
import { nicLinkUp } from "../kernel/link";
import type { CommandHost, SimCommand } from "./host";
import { DhcpClient, DhcpClients, dhclientPidfile } from "./dhcp-clients";

/** The fake DHCP server and dhclient's timeouts, scaled so tests can shorten them. */
export interface DhcpServerOptions {
  /** Whether a DHCP server answers on the simulated network. Default true. */
  server?: boolean;
  /** Interface MTU (option 26) the server puts in its leases; omitted = none. */
  leaseMtu?: number;
  /** How long dhclient polls for link before " giving up" (source: 1 s + 10 × 1 s). Default 11000. */
  noLinkGiveUpMs?: number;
  /** How long dhclient sends DISCOVERs before it sleeps in the background (timeout 60). Default 60000. */
  noOfferGiveUpMs?: number;
}

/** What dhclient needs from its machine beyond the common command host. */
export interface DhclientHost extends CommandHost {
  readonly dhcp: DhcpClients;
  readonly dhcpOptions: DhcpServerOptions;
}

const USAGE = "usage: dhclient [-bdqu] [-c conffile] [-l leasefile] interface\n";
const MIN_MTU = 68; // dhcpd.h (inferred value)

/** SIOCGIFMEDIA's IFM_ACTIVE as interface_link_status() reads it: a lagg reports any active port. */
function linkStatus(kernel: Kernel, name: string): boolean {
  const iface = kernel.find(name);
  if (!iface) return false;
  if (iface.kind === "lagg") return laggMediaActive(iface);
  return iface.kind === "loop" || nicLinkUp(iface);
}

interface Run {
  host: DhclientHost;
  ifn: string;
  stderr: string;
  client: DhcpClient;
  background: boolean;
}

/** Parses argv and opens the pidfile; a CommandResult when dhclient ends right there. */
function begin(host: DhclientHost, argv: string[]): Run | CommandResult {
  let pidfile: string | undefined;
  let background = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-p" || a === "-c" || a === "-l") { if (a === "-p") pidfile = argv[i + 1]; i++; }
    else if (/^-[bdqu]+$/.test(a)) background ||= a.includes("b");
    else if (a.startsWith("-")) return { stdout: "", stderr: `dhclient: illegal option -- ${a[1]}\n${USAGE}`, exitCode: 1 };
    else rest.push(a);
  }
  if (rest.length !== 1) return { stdout: "", stderr: USAGE, exitCode: 1 };
  const ifn = rest[0];
  const path = pidfile ?? dhclientPidfile(ifn);
  const holder = host.dhcp.holder(path);
  if (typeof holder === "number") {
    return { stdout: "", stderr: `dhclient already running, pid: ${holder}.\nexiting.\n`, exitCode: 1 };
  }
  let stderr = "";
  if (holder === "ENOENT") stderr += "Cannot open or create pidfile: No such file or directory\n";
  if (!host.kernel.find(ifn)) return { stdout: "", stderr: `${stderr}${ifn}: not found\nexiting.\n`, exitCode: 1 };
  const client = host.dhcp.start(ifn, holder === "ENOENT" ? null : path);
  return { host, ifn, stderr, client, background };
}

/** PREINIT: the 0.0.0.0/8 alias, which stays until a lease replaces it. */
function preinit(run: Run): void {
  run.host.exec("ifconfig", [run.ifn, "inet", "alias", "0.0.0.0", "netmask", "255.0.0.0", "broadcast", "255.255.255.255", "up"]);
}

/** Whether a DHCPDISCOVER gets an answer now: a server exists and the interface passes traffic. */
function serverAnswers(run: Run): boolean {
  const iface = run.host.kernel.find(run.ifn);
  return run.host.dhcpOptions.server !== false && !!iface && carriesTraffic(iface);
}

/** bind_lease(): option 26, then the BOUND script; dhclient then daemonizes (the command returns 0). */
function bind(run: Run): CommandResult {
  const { host, ifn } = run;
  const address = host.leaseAddress(ifn);
  run.stderr += `DHCPREQUEST on ${ifn} to 255.255.255.255 port 67\nDHCPACK from 198.51.100.1\n`;
  const mtu = host.dhcpOptions.leaseMtu;
  if (mtu !== undefined) {
    if (mtu < MIN_MTU) run.stderr += `mtu size ${mtu} < ${MIN_MTU}: ignored\n`;
    else {
      // interface_set_mtu_priv(): a refused SIOCSIFMTU only warns (message inferred).
      const set = host.exec("ifconfig", [ifn, "mtu", String(mtu)]);
      if (set.exitCode !== 0) run.stderr += `SIOCSIFMTU failed (${mtu}): Invalid argument\n`;
    }
  }
  host.exec("ifconfig", [ifn, "inet", address, "netmask", "255.255.255.0", "broadcast", address.replace(/\.\d+$/, ".255")]);
  run.stderr += `bound to ${address} -- renewal in 43200 seconds.\n`;
  return done(run, 0);
}

function done(run: Run, exitCode: number): CommandResult {
  return { stdout: "", stderr: run.stderr, exitCode };
}

/** The no-link exit: " giving up", exit(1); the pidfile stays (exit without pidfile_remove). */
function giveUp(run: Run): CommandResult {
  run.stderr += " giving up\n";
  run.host.dhcp.exit(run.client, false);
  return done(run, 1);
}

const NO_OFFERS = "No DHCPOFFERS received.\nNo working leases in persistent database - sleeping.\n";

/**
 * dhclient as rc.d/netif and the TrueNAS middleware run it inside the simulator: time is collapsed (a pending
 * link is settled, the waits take no time), and a daemon stays registered like the real one.
 */
export const dhclient: SimCommand = (host, call) => {
  const dhcpHost = host as DhclientHost;
  const run = begin(dhcpHost, call.argv);
  if (!("client" in run)) return run;
  dhcpHost.kernel.settleTimers(run.ifn);
  for (const port of dhcpHost.kernel.find(run.ifn)?.lagg?.ports ?? []) dhcpHost.kernel.settleTimers(port.name);
  if (!linkStatus(dhcpHost.kernel, run.ifn)) {
    run.stderr += `${run.ifn}: no link ...${".".repeat(11)}`;
    return giveUp(run);
  }
  preinit(run);
  if (serverAnswers(run)) return bind(run);
  run.stderr += `DHCPDISCOVER on ${run.ifn} to 255.255.255.255 port 67 interval 3\n${NO_OFFERS}`;
  return done(run, 0);
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/** dhclient run from a session: real waits, scaled by the machine's DHCP options. */
export async function runDhclient(host: DhclientHost, argv: string[]): Promise<CommandResult> {
  const run = begin(host, argv);
  if (!("client" in run)) return run;
  const killed = () => !host.dhcp.alive(run.client);
  const terminated = (): CommandResult => ({ stdout: "", stderr: run.stderr, exitCode: 143 });
  const poll = (host.dhcpOptions.noLinkGiveUpMs ?? 11_000) / 11;
  if (!linkStatus(host.kernel, run.ifn)) {
    run.stderr += `${run.ifn}: no link ...`;
    await sleep(poll);
    for (let i = 0; !linkStatus(host.kernel, run.ifn); ) {
      if (killed()) return terminated();
      run.stderr += ".";
      if (++i > 10) return giveUp(run);
      await sleep(poll);
    }
    run.stderr += " got link\n";
  }
  if (killed()) return terminated();
  preinit(run);
  const lease = discover(run, killed);
  if (run.background) {
    void lease;
    return done(run, 0);
  }
  const outcome = await lease;
  if (outcome === "killed") return terminated();
  return outcome === "bound" ? bind(run) : done(run, 0);
}

/** DHCPDISCOVER until a server answers or the panic timeout; a background run binds on its own. */
async function discover(run: Run, killed: () => boolean): Promise<"bound" | "sleeping" | "killed"> {
  const limit = run.host.dhcpOptions.noOfferGiveUpMs ?? 60_000;
  const step = Math.max(1, Math.min(1000, limit / 10));
  const started = Date.now();
  for (let interval = 3; !serverAnswers(run); interval = Math.min(interval * 2, 15)) {
    if (killed()) return "killed";
    if (Date.now() - started >= limit) {
      run.stderr += NO_OFFERS;
      return "sleeping";
    }
    run.stderr += `DHCPDISCOVER on ${run.ifn} to 255.255.255.255 port 67 interval ${interval}\n`;
    await sleep(step);
  }
  if (run.background) bind(run);
  return "bound";
}
