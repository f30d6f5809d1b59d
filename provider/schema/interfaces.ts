// Interface-name rules: the lagg's own name and its member ports.
import { CheckFailure, UNKNOWN, indexPath, quote } from "./failures";
import { readString, readStringList } from "./readers";

/** IFNAMSIZ (16) minus the terminating NUL. */
export const MAX_INTERFACE_NAME_LENGTH = 15;
/** LAGG_MAX_PORTS in sys/net/if_lagg.h. */
export const MAX_LAGG_PORTS = 32;

/** Cloned/pseudo interface drivers that cannot be lagg members (TrueNAS: "Only physical interfaces ..."). */
export const PSEUDO_INTERFACE_DRIVERS = [
  "lagg", "vlan", "bridge", "lo", "tap", "tun", "epair", "gif", "gre", "carp", "wg",
  "pflog", "pfsync", "enc", "vxlan", "stf", "ipsec",
] as const;

const LAGG_NAME = /^lagg(0|[1-9][0-9]*)$/;
const LAGG_NAME_WITH_LEADING_ZERO = /^lagg0[0-9]+$/;
const PHYSICAL_NAME = /^[a-z][a-z0-9]*?[a-z][0-9]+$/;

/** Checks `name`: "lagg" + unit number, no leading zero, at most 15 characters. */
export function checkLaggName(raw: unknown, failures: CheckFailure[]): unknown {
  const before = failures.length;
  const value = readString(raw, "name", failures, { requiredWhat: 'the lagg interface name, like "lagg0"' });
  if (failures.length > before || value === UNKNOWN || typeof value !== "string") return value;
  const fail = (reason: string) => failures.push({ property: "name", reason });
  if (LAGG_NAME_WITH_LEADING_ZERO.test(value)) {
    fail(
      `${quote(value)} has a leading zero in its unit number; FreeBSD and TrueNAS reject that ` +
        `(use ${quote(`lagg${Number.parseInt(value.slice(4), 10)}`)})`,
    );
  } else if (!LAGG_NAME.test(value)) {
    fail(`expected "lagg" followed by a unit number, like "lagg0" or "lagg12", got ${quote(value)}`);
  } else if (value.length > MAX_INTERFACE_NAME_LENGTH) {
    fail(`interface names are at most ${MAX_INTERFACE_NAME_LENGTH} characters (IFNAMSIZ-1), got ${value.length}`);
  }
  return value;
}

/** The driver part of a name (`igb` of `igb0`) when it is a pseudo-interface, e.g. `vlan` for `vlan100`. */
function pseudoDriverOf(port: string): string | undefined {
  if (/^epair[0-9]+[ab]$/.test(port)) return "epair";
  const driver = port.replace(/[0-9]+$/, "");
  return (PSEUDO_INTERFACE_DRIVERS as readonly string[]).includes(driver) ? driver : undefined;
}

/** Why `port` cannot be a member of the lagg named `laggName`, or undefined when it can. */
export function portNameProblem(port: string, laggName: string | undefined): string | undefined {
  if (port === laggName) return "a lagg cannot be a member of itself";
  const pseudo = pseudoDriverOf(port);
  if (pseudo) {
    return `${quote(port)} is a ${pseudo} pseudo-interface; only physical interfaces can be lagg ports`;
  }
  if (port.includes(".")) return `${quote(port)} looks like a VLAN interface; only physical interfaces can be lagg ports`;
  if (!PHYSICAL_NAME.test(port)) {
    return `expected a physical interface name (driver name + unit number, like "igb0" or "ix1"), got ${quote(port)}`;
  }
  if (port.length > MAX_INTERFACE_NAME_LENGTH) {
    return `interface names are at most ${MAX_INTERFACE_NAME_LENGTH} characters (IFNAMSIZ-1)`;
  }
  return undefined;
}

/** Checks `ports`: 1–32 unique physical interface names, in the user's order (the first is the failover primary). */
export function checkPorts(raw: unknown, laggName: string | undefined, failures: CheckFailure[]): unknown {
  const { value, items } = readStringList(raw, "ports", failures, {
    requiredWhat: 'the member interfaces, like ["igb0", "igb1"]',
    example: '["igb0", "igb1"]',
  });
  if (!Array.isArray(value)) return value;
  if (value.length === 0) failures.push({ property: "ports", reason: "at least one port is required" });
  if (value.length > MAX_LAGG_PORTS) {
    failures.push({ property: "ports", reason: `at most ${MAX_LAGG_PORTS} ports (LAGG_MAX_PORTS), got ${value.length}` });
  }
  const firstIndex: Record<string, number> = Object.create(null);
  for (const { index, text } of items) {
    const path = indexPath("ports", index);
    const problem = portNameProblem(text, laggName);
    if (problem) failures.push({ property: path, reason: problem });
    else if (firstIndex[text] !== undefined) {
      failures.push({ property: path, reason: `duplicate of ports[${firstIndex[text]}] (${quote(text)}); list each port once` });
    } else firstIndex[text] = index;
  }
  return value;
}
