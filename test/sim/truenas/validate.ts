// interface.create/update's `_common_validation` (plugins/network.py) for link aggregations and physical
// NICs, with the exact messages. `ifaces` is interface.query without the interface being updated.
import { ValidationErrors } from "./errors";
import type { ApiAlias } from "./db";
import type { ApiInterface } from "./query";
import type { InterfacePayload } from "./schema";
import { networkOf, overlaps } from "./net";

/** RE_MTU = re.compile(r'\bmtu\s+(\d+)') used with .match(): only at the start of the string. */
const RE_MTU_AT_START = /^mtu\s+\d/;

/** lag_supported_protocols on FreeBSD (interface/lag_freebsd.py). */
export const LAG_SUPPORTED_PROTOCOLS = ["LACP", "FAILOVER", "LOADBALANCE", "ROUNDROBIN", "NONE"];

/** interface.validate_name for LINK_AGGREGATION (interface/type_freebsd.py); the message, or null. */
export function laggNameError(name: string): string | null {
  if (!(name.startsWith("lagg") && /^\d+$/.test(name.slice(4)))) {
    return 'Link aggregation interface must start with "lagg" followed by an unique number.';
  }
  if (name.length > 5 && name[4] === "0") return 'Link aggregation interface name cannot start with "lagg0".';
  return null;
}

const IN_USE_ATTRS: [string, string][] = [
  ["aliases", "Active node IP address"], ["failover_aliases", "Standby node IP address"],
  ["failover_virtual_aliases", "Virtual IP address"], ["failover_group", "Failover group number"],
  ["mtu", "MTU"], ["ipv4_dhcp", "DHCP"], ["ipv6_auto", "Autconfig for IPv6"] /* sic, network.py TN-13.3-U1.2 */,
];

function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/** __validate_aliases: a new alias's network may not overlap any interface's configured (DB) alias. */
function validateAliases(verrors: ValidationErrors, schema: string, data: InterfacePayload, ifaces: ApiInterface[]): void {
  ((data.aliases as ApiAlias[] | undefined) ?? []).forEach((alias, i) => {
    const network = networkOf(alias.address, alias.netmask);
    const used = ifaces.flatMap((iface) => iface.aliases as ApiAlias[])
      .filter((a) => a.type === (network.v6 ? "INET6" : "INET"))
      .map((a) => networkOf(a.address, a.netmask));
    if (used.some((u) => overlaps(u, network))) {
      verrors.add(`${schema}.aliases.${i}`, `The network ${network.text} is already in use by another interface.`);
    }
  });
}

/** Runs `_common_validation`; errors are added to `verrors` (the caller checks). */
export function commonValidation(
  verrors: ValidationErrors, schema: string, data: InterfacePayload, itype: string, ifaces: ApiInterface[],
): void {
  const byName = new Map(ifaces.map((i) => [i.name, i]));
  if (typeof data.name === "string" && byName.has(data.name)) verrors.add(`${schema}.name`, "Interface name is already in use.");
  // Judged on interface.query, not the DB: with an empty DB every NIC reports ipv4_dhcp true (the
  // installer's state), so any DHCP request is refused until a row exists (network.py TN-13.3-U1.2).
  if (data.ipv4_dhcp && ifaces.some((i) => i.ipv4_dhcp && !i.fake)) {
    verrors.add(`${schema}.ipv4_dhcp`, "Only one interface can be used for DHCP.");
  }
  if (data.ipv6_auto && ifaces.some((i) => i.ipv6_auto && !i.fake)) {
    verrors.add(`${schema}.ipv6_auto`, "Only one interface can have IPv6 autoconfiguration enabled.");
  }
  if (typeof data.options === "string" && RE_MTU_AT_START.test(data.options)) {
    verrors.add(`${schema}.options`, "MTU should be placed in its own field.");
  }
  validateAliases(verrors, schema, data, ifaces);
  const lagUsed = new Map<string, string>();
  for (const iface of ifaces) {
    if (!iface.name.startsWith("lagg")) continue;
    for (const port of (iface.lag_ports as string[] | undefined) ?? []) lagUsed.set(port, iface.name);
  }
  if (itype === "PHYSICAL") {
    const lagg = lagUsed.get(String(data.name));
    if (!lagg) return;
    for (const [key, label] of IN_USE_ATTRS) {
      if (truthy(data[key])) verrors.add(`${schema}.${key}`, `Interface in use by ${lagg}. ${label} cannot be changed.`);
    }
    return;
  }
  if (itype !== "LINK_AGGREGATION") return;
  if ("name" in data) {
    const error = laggNameError(String(data.name));
    if (error) verrors.add(`${schema}.name`, error);
  }
  if (!LAG_SUPPORTED_PROTOCOLS.includes(String(data.lag_protocol))) {
    verrors.add(`${schema}.lag_protocol`, `FreeBSD does not support LAG protocol ${data.lag_protocol}`);
  }
  const ports = (data.lag_ports as string[] | undefined) ?? [];
  if (ports.length === 0) verrors.add(`${schema}.lag_ports`, "This field cannot be empty.");
  ports.forEach((member, i) => {
    const iface = byName.get(member);
    if (!iface) verrors.add(`${schema}.lag_ports.${i}`, "Not a valid interface.");
    else if ((iface.state as { cloned: boolean }).cloned) {
      verrors.add(`${schema}.lag_ports.${i}`, "Only physical interfaces are allowed to be a member of Link Aggregation.");
    } else if (lagUsed.has(member)) {
      verrors.add(`${schema}.lag_ports.${i}`, `Interface ${member} is currently in use by ${lagUsed.get(member)}.`);
    }
  });
}
