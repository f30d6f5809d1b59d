// interface.sync (plugins/network.py sync, interface/lag.py lag_setup, interface/configure.py configure /
// unconfigure / autoconfigure) against the simulated kernel. Middleware uses py-netif ioctls; here every
// change goes through the simulator's ifconfig so the kernel records it exactly as a command would.
import type { CommandHost } from "../commands/host";
import { shellWords } from "../commands/shell-words";
import { IFF, ND6 } from "../kernel/bits";
import { formatIpv4 } from "../kernel/ipv4";
import { formatIpv6, isLinkLocal } from "../kernel/ipv6";
import type { SimInterface } from "../kernel/types";
import type { DbInterface, MiddlewareDb } from "./db";
import { interfaceType } from "./query";

/** interface.internal_interfaces on FreeBSD: name prefixes sync never touches. */
export const INTERNAL_PREFIXES = ["wg", "lo", "pflog", "pfsync", "tun", "tap", "epair", "vnet"];

/** TrueNAS's default "Disable Hardware Offloading" list (capabilities_base.py) as ifconfig words. */
export const OFFLOAD_OFF = ["-txcsum", "-txcsum6", "-rxcsum", "-rxcsum6", "-tso4", "-tso6", "-vlanhwtso", "-lro"];

/** What sync needs from the middleware besides the database. */
export interface SyncContext {
  host: CommandHost;
  db: MiddlewareDb;
  /** Interfaces with a running dhclient (the simulator has no processes; middleware tracks them). */
  dhclients: Set<string>;
  /** middlewared.log lines. */
  log: (line: string) => void;
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

/** lag_setup: (re)create the lagg, protocol, ports (alphabetical by NIC name), ports up. */
function lagSetup(ctx: SyncContext, row: DbInterface, parents: string[], opts: Map<string, SyncOptions>, cloned: string[]): void {
  const { db, host } = ctx;
  const name = row.interface;
  const lagg = db.laggOf(row);
  if (!lagg) return;
  cloned.push(name);
  // network.py sync: members queried with order_by lagg_physnic, not ordernum.
  const members = db.membersOf(lagg).map((m) => m.physnic).sort();
  ctx.log(`Setting up ${name}`);
  const existing = host.kernel.find(name);
  if (existing) {
    const first = existing.lagg?.ports[0]?.name;
    if (first !== members[0]) {
      ctx.log(`Destroying existing ${name} as its first port has changed`);
      ifconfig(ctx, [name, "destroy"]);
    }
  }
  if (!host.kernel.find(name) && !ifconfig(ctx, [name, "create"])) {
    ctx.log(`Error setting up LAG ${name}`);
    return;
  }
  if (row.disable_offload_capabilities) ifconfig(ctx, [name, ...OFFLOAD_OFF]);
  const sc = host.kernel.get(name).lagg;
  if (sc && sc.proto !== lagg.protocol) {
    ctx.log(`${name}: changing protocol to ${lagg.protocol.toUpperCase()}`);
    if (!ifconfig(ctx, [name, "laggproto", lagg.protocol])) return ctx.log(`Error setting up LAG ${name}`);
  }
  for (const member of members) opts.set(member, { ...opts.get(member), skipMtu: true });
  const configured = (host.kernel.get(name).lagg?.ports ?? []).map((p) => p.name);
  for (const port of configured.filter((p) => !members.includes(p))) {
    if (!ifconfig(ctx, [name, "-laggport", port])) return ctx.log(`Error setting up LAG ${name}`);
  }
  for (const port of members.filter((p) => !configured.includes(p))) {
    // py-netif raises on SIOCSLAGGPORT failure; sync logs it and moves on to the next interface.
    if (!ifconfig(ctx, [name, "laggport", port])) return ctx.log(`Error setting up LAG ${name}`);
  }
  for (const port of host.kernel.get(name).lagg?.ports ?? []) {
    parents.push(port.name);
    if (!(port.flags & IFF.UP)) ifconfig(ctx, [port.name, "up"]);
  }
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
  const running = ctx.dhclients.has(name);
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
    ctx.dhclients.delete(name);
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
  return !running && row.dhcp;
}

/** unconfigure(): an interface not in the DB loses its addresses and dhclient; unknown laggs are destroyed. */
function unconfigure(ctx: SyncContext, iface: SimInterface, cloned: string[], parents: string[]): void {
  const name = iface.name;
  ctx.log(`Unconfiguring interface '${name}'`);
  for (const addr of configuredAddresses(iface)) removeAddress(ctx, name, addr.family, addr.address);
  ctx.dhclients.delete(name);
  // Classified by name prefix (type_freebsd.py), so a renamed lagg is only brought down.
  if (!cloned.includes(name) && interfaceType(name) !== "PHYSICAL") ifconfig(ctx, [name, "destroy"]);
  else if (!parents.includes(name)) ifconfig(ctx, [name, "down"]);
}

function startDhcp(ctx: SyncContext, name: string): void {
  ctx.log(`Starting dhclient for ${name}`);
  const result = ctx.host.exec("dhclient", [name]);
  if (result.exitCode === 0) ctx.dhclients.add(name);
  else ctx.log(`Failed to run DHCP for ${name}`);
}

/** interface.sync: the DB becomes the kernel's network configuration. */
export function syncInterfaces(ctx: SyncContext): void {
  const { db, host } = ctx;
  const rows = db.tables.interfaces;
  const names = rows.map((r) => r.interface);
  const cloned: string[] = [];
  const parents: string[] = [];
  const opts = new Map<string, SyncOptions>();
  for (const row of rows) {
    if (interfaceType(row.interface) === "PHYSICAL" && row.disable_offload_capabilities && host.kernel.find(row.interface)) {
      ifconfig(ctx, [row.interface, ...OFFLOAD_OFF]);
    }
  }
  for (const row of rows) if (db.laggOf(row)) lagSetup(ctx, row, parents, opts, cloned);
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
      // No interfaces configured at all: DHCP on every NIC (after unconfiguring it).
      unconfigure(ctx, iface, cloned, parents);
      if (!host.kernel.find(iface.name)) continue;
      if (!ctx.dhclients.has(iface.name)) {
        ifconfig(ctx, [iface.name, "up"]);
        startDhcp(ctx, iface.name);
      }
    } else if (!names.includes(iface.name)) {
      unconfigure(ctx, iface, cloned, parents);
    }
  }
}
