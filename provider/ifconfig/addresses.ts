// `inet ...` and `inet6 ...` lines in every netmask format and field order ifconfig has used.

import { netmaskToPrefixLength, splitCidr } from "./netmask";
import type { Inet6Address, InetAddress } from "./types";

/** Words that take a value on an inet6 line; everything else after the address is an address flag. */
const INET6_VALUE_WORDS = new Set(["prefixlen", "scopeid", "pltime", "vltime", "vhid", "-->"]);
const FLAG_WORD = /^[a-z][a-z0-9_]*$/;

/**
 * Parses the words after `inet`: `192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255 vhid 3`,
 * `192.0.2.1 netmask 255.255.255.0 ...` (`-f inet:dotted`) or `192.0.2.1/24 ...` (`-f inet:cidr`).
 * A point-to-point ` --> peer` is skipped (in cidr form the `/N` follows the peer). Without any
 * mask the address is taken as a host address (/32).
 */
export function parseInetLine(words: string): InetAddress {
  const tokens = words.trim().split(/\s+/);
  const first = splitCidr(tokens[0]);
  const result: InetAddress = { address: first.address, prefixLength: first.prefixLength ?? 32 };
  for (let i = 1; i < tokens.length; i++) {
    const value = tokens[i + 1];
    if (value === undefined) break;
    switch (tokens[i]) {
      case "-->": {
        const peer = splitCidr(value);
        if (peer.prefixLength !== undefined) result.prefixLength = peer.prefixLength;
        break;
      }
      case "netmask":
        result.prefixLength = netmaskToPrefixLength(value) ?? result.prefixLength;
        break;
      case "broadcast":
        result.broadcast = value;
        break;
      case "vhid":
        setIfNumber(result, "vhid", decimal(value));
        break;
      default:
        continue;
    }
    i++;
  }
  return result;
}

/**
 * Parses the words after `inet6`: `fe80::1%lagg0 prefixlen 64 tentative scopeid 0x3` or the
 * `-f inet6:cidr` form `fe80::1%lagg0/64 scopeid 0x3`. The `%zone` suffix is dropped, `scopeid` becomes
 * a number, `pltime`/`vltime` (`-L`) and a point-to-point peer are skipped, and the remaining bare
 * words (autoconf, tentative, deprecated, ...) are the address flags. Without a prefix length the
 * address is taken as /128.
 */
export function parseInet6Line(words: string): Inet6Address {
  const tokens = words.trim().split(/\s+/);
  const first = splitCidr(tokens[0]);
  const result: Inet6Address = { address: stripZone(first.address), prefixLength: first.prefixLength ?? 128 };
  const flags: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const word = tokens[i];
    if (!INET6_VALUE_WORDS.has(word)) {
      if (FLAG_WORD.test(word)) flags.push(word);
      continue;
    }
    const value = tokens[++i];
    if (value === undefined) break;
    if (word === "prefixlen") setIfNumber(result, "prefixLength", decimal(value));
    else if (word === "scopeid") setIfNumber(result, "scopeId", parseScopeId(value));
    else if (word === "vhid") setIfNumber(result, "vhid", decimal(value));
    else if (word === "-->") result.prefixLength = splitCidr(value).prefixLength ?? result.prefixLength;
  }
  if (flags.length > 0) result.flags = flags;
  return result;
}

function stripZone(address: string): string {
  const percent = address.indexOf("%");
  return percent === -1 ? address : address.slice(0, percent);
}

/** `0x3` or `3`; undefined for anything else (e.g. a capture cut after `0x`). */
function parseScopeId(value: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(value)) return parseInt(value.slice(2), 16);
  return decimal(value);
}

function decimal(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Sets `record[key]` only when `value` is a number, so damaged text never yields NaN. */
function setIfNumber<T extends object, K extends keyof T>(record: T, key: K, value: number | undefined): void {
  if (value !== undefined) record[key] = value as T[K];
}
