// A port's own addresses, live: taken off when it joins a lagg (a lagg port keeps none, and its
// rc.conf lines lose them too, so the next boot has none: live must match), put back when it leaves
// (as its restored rc.conf lines would at boot), DHCP included.
import { rcName } from "./boot-variables";
import { addressOffArgv, addressOnArgv, type PortRecord, type PortRecords } from "./port-lines";
import type { Step } from "../step";

/** Whether the port's own ifconfig_<port> line asks for DHCP (network.subr dhcpif: DHCP or SYNCDHCP). */
export function isDhcpPort(port: string, rec: PortRecord | undefined): boolean {
  const words = (rec?.rc[`ifconfig_${rcName(port)}`] ?? "").split(/\s+/).map((w) => w.toUpperCase());
  return words.includes("DHCP") || words.includes("SYNCDHCP");
}

const prefixOfNetmask = (mask: string): number | undefined => {
  const bits = /^0x[0-9a-f]{8}$/i.test(mask)
    ? Number.parseInt(mask.slice(2), 16)
    : /^\d+\.\d+\.\d+\.\d+$/.test(mask) ? mask.split(".").reduce((n, o) => n * 256 + Number(o), 0) : undefined;
  if (bits === undefined) return undefined;
  const ones = bits.toString(2).padStart(32, "0");
  return /^1*0*$/.test(ones) ? ones.indexOf("0") === -1 ? 32 : ones.indexOf("0") : undefined;
};

/**
 * The prefix the kernel gives an IPv4 address set without a mask (sys/netinet/in.c, in_aifaddr_ioctl:
 * "if netmask isn't supplied, use historical default": IN_CLASSA_NET for class A, IN_CLASSB_NET for
 * class B, IN_CLASSC_NET for everything else; 14+ also logs "network mask should be specified").
 */
export function classfulPrefix(address: string): number | undefined {
  const o = address.split(".").map(Number);
  if (o.length !== 4 || o.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return undefined;
  if (o[0] < 128) return 8;
  if (o[0] < 192) return 16;
  return 24;
}

/**
 * The static addresses (CIDR) a port's rc.conf lines give it at boot: `inet A/P`, `inet A netmask M`,
 * `inet6 A prefixlen P`, `inet6 A/P` in ifconfig_<port>, _ipv6 and _aliasN. `inet A` without a mask,
 * which rc.conf allows, gets the classful prefix the kernel picks (classfulPrefix); `inet6 A` without
 * one gets 64 (sbin/ifconfig/af_inet6.c in6_postproc: the default prefixlen when none was given).
 */
export function staticAddresses(port: string, rec: PortRecord | undefined): string[] {
  const v = `ifconfig_${rcName(port)}`;
  const out: string[] = [];
  for (const [k, value] of Object.entries(rec?.rc ?? {})) {
    if (k !== v && k !== `${v}_ipv6` && !new RegExp(`^${v}_alias[0-9]+$`).test(k)) continue;
    const w = value.trim().split(/\s+/);
    for (let i = 0; i < w.length - 1; i++) {
      if (w[i] !== "inet" && w[i] !== "inet6") continue;
      const a = w[i + 1];
      if (a.includes("/")) out.push(a);
      else if (w[i + 2] === "netmask" && prefixOfNetmask(w[i + 3] ?? "") !== undefined) out.push(`${a}/${prefixOfNetmask(w[i + 3])}`);
      else if (w[i + 2] === "prefixlen" && /^\d+$/.test(w[i + 3] ?? "")) out.push(`${a}/${w[i + 3]}`);
      else if (w[i] === "inet" && classfulPrefix(a) !== undefined) out.push(`${a}/${classfulPrefix(a)}`);
      else if (w[i] === "inet6" && a.includes(":")) out.push(`${a}/64`);
    }
  }
  return out;
}

const bare = (cidr: string) => cidr.split("/")[0].toLowerCase();

/**
 * Steps that take a joining port's own live addresses off (dhclient stopped first on a DHCP port, so
 * it does not put its lease back), and their rollback. `keep`: addresses handled elsewhere (moved).
 */
export function portAddressesOff(joining: readonly string[], records: PortRecords, keep: readonly string[]): { steps: Step[]; rollback: Step[] } {
  const steps: Step[] = [];
  const rollback: Step[] = [];
  const kept = new Set(keep.map(bare));
  for (const p of joining) {
    const rec = records[p];
    const own = (rec?.addresses ?? []).filter((a) => !kept.has(bare(a)));
    const dhcp = isDhcpPort(p, rec);
    if (dhcp) steps.push({ argv: ["stop_dhclient", p], why: `stop dhclient on ${p} (a lagg port cannot keep DHCP)`, target: p });
    for (const a of own) steps.push({ argv: addressOffArgv(p, a), why: `take ${a} off ${p} (a lagg port keeps no address of its own)`, target: p });
    rollback.push(...portAddressesOn(p, rec, kept));
  }
  return { steps, rollback };
}

/**
 * Steps that give a port that left the lagg its own addresses back as its rc.conf lines would at boot:
 * a DHCP port gets `port_dhcp` (host/apply.sh: up, dhclient -b) and its static aliases; another
 * gets the addresses it had. `skip`: addresses (bare) that stay elsewhere (the lagg keeps them).
 */
export function portAddressesOn(port: string, rec: PortRecord | undefined, skip: ReadonlySet<string> = new Set()): Step[] {
  if (!rec) return [];
  const dhcp = isDhcpPort(port, rec);
  const addresses = (dhcp ? staticAddresses(port, rec) : rec.addresses ?? []).filter((a) => !skip.has(bare(a)));
  // DHCP first, as boot runs it (ifconfig_up) before the aliases (ifalias_up): its bound lease
  // replaces the interface's first IPv4 address (dhclient-script's BOUND: ifconfig without alias), which
  // must be its own placeholder (PREINIT's 0.0.0.0), not a static alias.
  return [
    ...(dhcp ? [{ argv: ["port_dhcp", port], why: `bring ${port} up and start dhclient on it again (its own line asks for DHCP)`, target: port }] : []),
    ...addresses.map((a) => ({ argv: addressOnArgv(port, a), why: `give ${a} back to ${port}`, target: port })),
  ];
}

/**
 * Rollback steps that undo portAddressesOn for a port that left in a change that then failed, before the
 * rollback makes it a port again (a lagg port keeps no address of its own): a DHCP port's dhclient is
 * stopped and its IPv4 addresses (the lease, PREINIT's 0.0.0.0) dropped (release_dhcp, host/release.sh),
 * and each address given back is taken off if present (addr_off_if_present: the change may have failed
 * before it was given back).
 */
export function portAddressesUndone(port: string, rec: PortRecord | undefined, skip: ReadonlySet<string> = new Set()): Step[] {
  const on = portAddressesOn(port, rec, skip);
  return on.flatMap((s): Step[] => {
    if (s.argv[0] === "port_dhcp") return [{ argv: ["release_dhcp", port], why: `stop dhclient on ${port} and drop its lease again (it rejoins the lagg)`, target: port }];
    const [, , family, cidr] = s.argv;
    return [{ argv: ["addr_off_if_present", port, family, cidr.split("/")[0]], why: `take ${cidr} off ${port} again if it was given back (it rejoins the lagg)`, target: port }];
  });
}
