// ipaddress.ip_network(f"{address}/{netmask}", strict=False) and .overlaps(), for alias validation.
import { inetAton, formatIpv4, prefixToMask } from "../kernel/ipv4";
import { formatIpv6, parseIpv6 } from "../kernel/ipv6";
import { CallError } from "./errors";

/** A network: the masked address as 32-bit words (one for IPv4, four for IPv6) and the prefix. */
export interface Network {
  v6: boolean;
  words: number[];
  prefix: number;
  /** str(ip_network(...)), e.g. "10.0.0.0/24". */
  text: string;
}

function maskWords(words: number[], prefix: number): number[] {
  return words.map((w, i) => {
    const bits = Math.max(0, Math.min(32, prefix - 32 * i));
    return bits === 0 ? 0 : (w & (bits === 32 ? 0xffffffff : ~((1 << (32 - bits)) - 1))) >>> 0;
  });
}

/** ip_network(strict=False); a bad address or prefix raises ValueError like Python's ipaddress. */
export function networkOf(address: string, netmask: number): Network {
  const v6 = address.includes(":");
  const bad = () => new CallError(`'${address}/${netmask}' does not appear to be an IPv4 or IPv6 network`, "EINVAL", "ValueError");
  if (!v6) {
    const value = inetAton(address);
    if (value === null || !(netmask >= 0 && netmask <= 32)) throw bad();
    const masked = netmask === 0 ? 0 : (value & prefixToMask(netmask)) >>> 0;
    return { v6, words: [masked], prefix: netmask, text: `${formatIpv4(masked)}/${netmask}` };
  }
  const parsed = parseIpv6(address);
  if (!parsed || !(netmask >= 0 && netmask <= 128)) throw bad();
  const pairs = [0, 2, 4, 6].map((i) => ((parsed[i] << 16) | parsed[i + 1]) >>> 0);
  const masked = maskWords(pairs, netmask);
  const back = masked.flatMap((w) => [w >>> 16, w & 0xffff]);
  return { v6, words: masked, prefix: netmask, text: `${formatIpv6(back)}/${netmask}` };
}

/** a.overlaps(b): one contains the other's network address. */
export function overlaps(a: Network, b: Network): boolean {
  if (a.v6 !== b.v6) return false;
  const prefix = Math.min(a.prefix, b.prefix);
  return JSON.stringify(maskWords(a.words, prefix)) === JSON.stringify(maskWords(b.words, prefix));
}
