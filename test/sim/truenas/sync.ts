// interface.sync (plugins/network.py sync, interface/configure.py configure / unconfigure / autoconfigure,
// TN-13.3-U1.2) against the simulated kernel. lag_setup (lag-setup.ts) and the capability calls use the
// kernel as py-netif's ioctls do; configure's address/flag changes go through the simulator's ifconfig so
// the kernel records them exactly as a command would.
import type { CommandHost } from "../commands/host";
import { shellWords } from "../commands/shell-words";
import { IFF, ND6 } from "../kernel/bits";
import { formatIpv4 } from "../kernel/ipv4";
import { formatIpv6, isLinkLocal } from "../kernel/ipv6";
import type { SimInterface } from "../kernel/types";
import type { DbInterface, MiddlewareDb } from "./db";
import { disableCapabilities } from "./capabilities";
import { lagSetup } from "./lag-setup";
import { interfaceType } from "./query";

/** interface.internal_interfaces on FreeBSD: name prefixes sync never touches. */
export const INTERNAL_PREFIXES = ["wg", "lo", "pflog", "pfsync", "tun", "tap", "epair", "vnet"];


/** What sync needs from the middleware besides the database. */
export interface SyncContext {
  host: CommandHost;
  db: MiddlewareDb;
  /**
   * interface.dhclient_status / SIGTERM (interface/dhclient.py): the machine's dhclient daemons, found by
   * their pidfile /var/run/dhclient/dhclient.IF.pid.
   */
  dhclients: DhclientControl;
  /** middlewared.log lines. */
  log: (line: string) => void;
  /** Interfaces whose configure() ran `/etc/rc.d/rtsold onerestart` (for tests; rtsold is not modelled). */
  rtsoldRestarts: string[];
}

/** What configure/unconfigure do with dhclient. */
export interface DhclientControl {
  running(name: string): boolean;
  /** os.kill(pid, SIGTERM): dhclient has no SIGTERM handler, so its pidfile stays (inferred). */
  kill(name: string): void;
}

interface SyncOptions {
  skipMtu?: boolean;
}

function ifconfig(ctx: SyncContext, args: string[]): boolean {
  const result = ctx.host.exec("ifconfig", args);
  if (result.exitCode !== 0) ctx.log(`ifconfig ${args.join(" ")}: ${result.stderr.trim()}`);
  return result.exitCode === 0;
}

/** The kernel's addresses (not link-layer) as "family address/prefix" keys. */
function configuredAddresses(iface: SimInterface): { key: string; family: "inet" | "inet6"; address: string; linkLocal: boolean }[] {
  return [
    ...iface.inet.map((a) => ({ family: "inet" as const, address: formatIpv4(a.address), prefix: a.prefixLength, linkLocal: false })),
    ...iface.inet6.map((a) => ({ family: "inet6" as const, address: formatIpv6(a.words), prefix: a.prefixLength, linkLocal: isLinkLocal(a.words) })),
  ].map((a) => ({ ...a, key: `${a.family} ${a.address}/${a.prefix}` }));
}

function removeAddress(ctx: SyncContext, name: string, family: "inet" | "inet6", address: string): void {
  ifconfig(ctx, [name, family, address, "-alias"]);
}

/** configure(): make the kernel interface match its DB row; true when dhclient must be started. */
function configure(ctx: SyncContext, row: DbInterface, options: SyncOptions): boolean {
  const { db, host } = ctx;
  const name = row.interface;
  const iface = host.kernel.find(name);
  if (!iface) {
    ctx.log(`Failed to configure ${name}`);
    return false;
  }
  const running = ctx.dhclients.running(name);
  const wanted = new Set<string>();
  const want = (address: string, netmask: string | number) => wanted.add(`${address.includes(":") ? "inet6" : "inet"} ${address}/${netmask}`);
  let hasIpv6 = row.ipv6auto;
  if (running && row.dhcp) want(host.leaseAddress(name), 24);
  else if (row.ipv4address && !row.dhcp) want(row.ipv4address, row.v4netmaskbit);
  if (row.ipv6address && !hasIpv6) {
    want(row.ipv6address, row.v6netmaskbit);
    hasIpv6 = true;
  }
  for (const alias of db.aliasesOf(row)) {
    if (alias.v4address) want(alias.v4address, alias.v4netmaskbit);
    if (alias.v6address) want(alias.v6address, alias.v6netmaskbit);
  }
  const nd6 = hasIpv6 ? ["-ifdisabled", "auto_linklocal"] : ["ifdisabled", "-auto_linklocal"];
  const nd6Ok = hasIpv6 ? !(iface.nd6 & ND6.IFDISABLED) && iface.nd6 & ND6.AUTO_LINKLOCAL : iface.nd6 & ND6.IFDISABLED && !(iface.nd6 & ND6.AUTO_LINKLOCAL);
  if (!nd6Ok) ifconfig(ctx, [name, "inet6", ...nd6]);
  if (running && !row.dhcp) {
    ctx.log(`Killing dhclient for ${name}`);
    ctx.dhclients.kill(name);
  }
  const configured = configuredAddresses(iface);
  for (const addr of configured) {
    if (hasIpv6 && addr.linkLocal) continue;
    if (!wanted.has(addr.key)) {
      ctx.log(`${name}: removing ${addr.address}`);
      removeAddress(ctx, name, addr.family, addr.address);
    }
  }
  const have = new Set(configured.map((a) => a.key));
  for (const key of wanted) {
    if (have.has(key)) continue;
    const [family, cidr] = key.split(" ");
    ctx.log(`${name}: adding ${cidr}`);
    ifconfig(ctx, [name, family, cidr, "alias"]);
  }
  if (row.options) {
    ctx.log(`${name}: applying ${row.options}`);
    ifconfig(ctx, [name, ...shellWords(row.options)]);
  }
  if (!options.skipMtu) {
    const mtu = row.mtu || 1500;
    if (host.kernel.get(name).mtu !== mtu) ifconfig(ctx, [name, "mtu", String(mtu)]);
  }
  if (row.name && host.kernel.get(name).description !== row.name) ifconfig(ctx, [name, "description", row.name]);
  if (!(host.kernel.get(name).flags & IFF.UP) && !row.options.split(/\s+/).includes("down")) ifconfig(ctx, [name, "up"]);
  // configure.py: ipv6auto sets ACCEPT_RTADV and runs `/etc/rc.d/rtsold onerestart` (output discarded,
  // status ignored); otherwise ACCEPT_RTADV is cleared. (configure.py does this after dhclient_start; here
  // dhclient starts after every configure(), which changes nothing the flag depends on.)
  if (row.ipv6auto) {
    if (!(host.kernel.get(name).nd6 & ND6.ACCEPT_RTADV)) ifconfig(ctx, [name, "inet6", "accept_rtadv"]);
    ctx.rtsoldRestarts.push(name);
    host.exec("service", ["rtsold", "onerestart"]);
  } else if (host.kernel.get(name).nd6 & ND6.ACCEPT_RTADV) {
    ifconfig(ctx, [name, "inet6", "-accept_rtadv"]);
  }
  return !running && row.dhcp;
}

/** unconfigure(): an interface not in the DB loses its addresses and dhclient; unknown laggs are destroyed. */
function unconfigure(ctx: SyncContext, iface: SimInterface, cloned: string[], parents: string[]): void {
  const name = iface.name;
  ctx.log(`Unconfiguring interface '${name}'`);
  for (const addr of configuredAddresses(iface)) removeAddress(ctx, name, addr.family, addr.address);
  if (ctx.dhclients.running(name)) ctx.dhclients.kill(name);
  // Classified by name prefix (type_freebsd.py), so a renamed lagg is only brought down.
  if (!cloned.includes(name) && interfaceType(name) !== "PHYSICAL") ifconfig(ctx, [name, "destroy"]);
  else if (!parents.includes(name)) ifconfig(ctx, [name, "down"]);
}

function startDhcp(ctx: SyncContext, name: string): void {
  ctx.log(`Starting dhclient for ${name}`);
  // dhclient_start(wait=False): `dhclient -b IF`; a failure is only logged.
  const result = ctx.host.exec("dhclient", ["-b", name]);
  if (result.exitCode !== 0) ctx.log(`Failed to run dhclient on ${name}: ${result.stderr.trim()}`);
}

/**
 * interface.sync as a generator: the DB becomes the kernel's network configuration. Each `"poll"` is one
 * `time.sleep(2)` of lag_setup's link wait. lag_setup errors (OSError, KeyError) escape, so the caller's
 * commit fails; configure() failures are only logged.
 */
export function* syncSteps(ctx: SyncContext): Generator<"poll", void> {
  const { db, host } = ctx;
  const rows = db.tables.interfaces;
  const names = rows.map((r) => r.interface);
  const cloned: string[] = [];
  const parents: string[] = [];
  const opts = new Map<string, SyncOptions>();
  for (const row of rows) {
    // Physical interfaces in the DB with disable_offload_capabilities first (a fake row raises KeyError).
    if (interfaceType(row.interface) === "PHYSICAL" && row.disable_offload_capabilities) disableCapabilities(host.kernel, row.interface);
  }
  for (const lagg of db.tables.lagg) {
    const row = rows.find((r) => r.id === lagg.interface)!;
    cloned.push(row.interface);
    const skipMtu = new Set<string>();
    // network.py sync: members queried with order_by lagg_physnic, not ordernum.
    const members = db.membersOf(lagg).map((m) => m.physnic).sort();
    yield* lagSetup({ kernel: host.kernel, log: ctx.log }, {
      name: row.interface, protocol: lagg.protocol, members, disableCapabilities: row.disable_offload_capabilities,
    }, parents, skipMtu);
    for (const member of skipMtu) opts.set(member, { ...opts.get(member), skipMtu: true });
  }
  const runDhcp = rows
    .filter((r) => !r.interface.startsWith("br"))
    .sort((a, b) => Number(a.interface.startsWith("vlan")) - Number(b.interface.startsWith("vlan")))
    .filter((row) => configure(ctx, row, opts.get(row.interface) ?? {}));
  for (const name of runDhcp) startDhcp(ctx, name.interface);
  ctx.log(`Interfaces in database: ${names.join(", ") || "NONE"}`);
  for (const iface of host.kernel.list()) {
    if (INTERNAL_PREFIXES.some((p) => iface.name.startsWith(p))) continue;
    if (iface.name === "bridge0" || iface.name === "bridge1") continue;
    if (names.length === 0) {
      // configure.py autoconfigure (the installer's state): up + dhclient on every interface, nothing removed.
      if (!ctx.dhclients.running(iface.name)) {
        if (!(iface.flags & IFF.UP)) ifconfig(ctx, [iface.name, "up"]);
        startDhcp(ctx, iface.name);
      }
    } else if (!names.includes(iface.name)) {
      // Every interface without a row, the one the SSH session arrived on included.
      unconfigure(ctx, iface, cloned, parents);
    }
  }
}

/** Runs a sync to the end without sleeping (boot, where the simulator has no clock to spend). */
export function syncInterfaces(ctx: SyncContext): void {
  for (const step of syncSteps(ctx)) void step;
}
