// Address words as ifconfig's af_getaddr functions read them (inet_aton, inet_pton, MACs).
import { inetAton } from "../../kernel/ipv4";
import { Ipv6Words, parseIpv6 } from "../../kernel/ipv6";
import type { Mac } from "../../kernel/mac";
import type { CommandIo } from "../io";

/** The address family an ifconfig run works in. */
export type Family = "inet" | "inet6" | "link";

/** Address family keywords ifconfig accepts (af_getbyname). */
export function familyOf(word: string | undefined): Family | undefined {
  if (word === "inet" || word === "inet6") return word;
  if (word === "link" || word === "ether" || word === "lladdr") return "link";
  return undefined;
}

/** strtonum(text, 0, 32) error text, or null when valid. */
export function widthError(text: string): string | null {
  if (!/^\d+$/.test(text)) return "invalid";
  return Number(text) > 32 ? "too large" : null;
}

/** in_getip(): inet_aton(3) or "localhost"; anything else is `X: bad value` (exit 1). */
export function inetGetIp(io: CommandIo, text: string): number {
  const value = inetAton(text) ?? (text === "localhost" ? 0x7f000001 : null);
  return value ?? io.errx(1, `${text}: bad value`);
}

/** in6_getaddr()'s lookup: inet_pton(3) (a %zone is allowed) or "localhost". */
export function inet6GetIp(io: CommandIo, text: string): Ipv6Words {
  const bare = text.replace(/%[^%]*$/, "");
  return (bare === "localhost" ? parseIpv6("::1") : parseIpv6(bare)) ?? io.errx(1, `${text}: bad value`);
}

/** `random`: a locally administered unicast MAC. */
export function randomMac(): Mac {
  const bytes = Array.from({ length: 6 }, () => Math.floor(Math.random() * 256));
  bytes[0] = (bytes[0] & 0xfc) | 0x02;
  return bytes;
}
