// Rules for `addresses`: static IPv4/IPv6 aliases in CIDR form, normalized to what ifconfig prints.
import { canonicalCidr, isIpv6LinkLocal, parseCidr, parseIpAddress } from "../address";
import { CheckFailure, indexPath, quote } from "./failures";
import { readStringList } from "./readers";

/** Why one address entry is unusable, or undefined when it is fine. */
function addressProblem(text: string): string | undefined {
  const [address, prefix, ...rest] = text.split("/");
  const ip = parseIpAddress(address);
  if (!ip || rest.length > 0) {
    return `expected an IPv4 or IPv6 address with a prefix length, like "192.0.2.10/24" or "2001:db8::10/64", got ${quote(text)}`;
  }
  if (prefix === undefined) {
    return `${quote(text)} has no prefix length; write it as ${quote(`${ip.address}/${ip.family === 4 ? 24 : 64}`)} with the right prefix`;
  }
  if (!parseCidr(text)) {
    return ip.family === 4
      ? `IPv4 prefix length must be a number from 0 to 32, got ${quote(prefix)}`
      : `IPv6 prefix length must be a number from 0 to 128, got ${quote(prefix)}`;
  }
  if (isIpv6LinkLocal(text)) {
    return `${quote(text)} is an IPv6 link-local address (fe80::/10); the kernel assigns it, leave it out`;
  }
  return undefined;
}

/** Checks `addresses` and returns them in canonical form (duplicates compared by address, whatever the prefix). */
export function checkAddresses(raw: unknown, failures: CheckFailure[]): unknown {
  const { value, items } = readStringList(raw, "addresses", failures, {
    fallback: [],
    example: '["192.0.2.10/24", "2001:db8::10/64"]',
  });
  if (!Array.isArray(value)) return value;
  const firstIndex: Record<string, number> = Object.create(null);
  const normalized = [...value];
  for (const { index, text } of items) {
    const path = indexPath("addresses", index);
    const problem = addressProblem(text);
    if (problem) {
      failures.push({ property: path, reason: problem });
      continue;
    }
    const cidr = parseCidr(text)!;
    normalized[index] = canonicalCidr(text);
    if (firstIndex[cidr.address] !== undefined) {
      failures.push({
        property: path,
        reason: `address ${cidr.address} is already listed as addresses[${firstIndex[cidr.address]}]; assign each address once`,
      });
    } else firstIndex[cidr.address] = index;
  }
  return normalized;
}

/**
 * With `dhcp: true`, static IPv4 addresses cannot hold: FreeBSD's dhclient-script sets its lease
 * with a plain `ifconfig <if> inet <lease>`, which replaces the interface's first IPv4 address.
 * Static IPv6 addresses are unaffected.
 */
export function checkDhcpAddresses(addresses: readonly unknown[], failures: CheckFailure[]): void {
  addresses.forEach((a, i) => {
    if (typeof a === "string" && parseCidr(a)?.family === 4) {
      failures.push({
        property: indexPath("addresses", i),
        reason: `${quote(a)} is a static IPv4 address, but dhcp is true: dhclient replaces the lagg's first IPv4 address with its lease; keep only IPv6 addresses with dhcp, or set dhcp: false`,
      });
    }
  });
}
