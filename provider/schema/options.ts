// Rules for `options`: extra ifconfig words from an allow-list, never a shell string.
import { LaggProtocol } from "../types";
import { CheckFailure, closestName, indexPath, quote } from "./failures";
import { readStringList } from "./readers";

/** Capability keywords ifconfig(8) accepts, each also valid with a leading `-`. */
export const CAPABILITY_WORDS = [
  "rxcsum", "txcsum", "rxcsum6", "txcsum6", "tso", "tso4", "tso6", "lro", "toe",
  "vlanmtu", "vlanhwtag", "vlanhwfilter", "vlanhwtso", "vlanhwcsum",
  "wol", "wol_ucast", "wol_mcast", "wol_magic", "txtls", "txtlsrtlmt", "mextpg",
  "netcons", "polling", "txrtlmt", "hwrxtstmp",
] as const;

/**
 * What `disableHardwareOffload: true` turns off, as ifconfig words without the dash: TrueNAS's default list
 * (TXCSUM, TXCSUM_IPV6, RXCSUM, RXCSUM_IPV6, TSO4, TSO6, VLAN_HWTSO, LRO).
 */
export const OFFLOAD_CAPABILITY_WORDS = ["txcsum", "txcsum6", "rxcsum", "rxcsum6", "tso4", "tso6", "vlanhwtso", "lro"] as const;

/** Every word `options` may contain. */
export const OPTION_WORDS: readonly string[] = [
  ...CAPABILITY_WORDS,
  ...CAPABILITY_WORDS.map((word) => `-${word}`),
  "use_numa",
  "-use_numa",
];

/** ifconfig words that a typed property sets: using the property keeps diff, refresh and persistence exact. */
const WORDS_OWNED_BY_PROPERTIES: Record<string, string> = {
  mtu: "mtu",
  laggproto: "protocol",
  laggport: "ports",
  "-laggport": "ports",
  lagghash: "hash",
  description: "description",
  descr: "description",
  "-description": "description",
  "-descr": "description",
  inet: "addresses",
  inet6: "addresses",
  alias: "addresses",
  "-alias": "addresses",
  netmask: "addresses",
  broadcast: "addresses",
  prefixlen: "addresses",
  DHCP: "dhcp",
  SYNCDHCP: "dhcp",
  accept_rtadv: "ipv6Autoconf",
  "-accept_rtadv": "ipv6Autoconf",
  lacp_fast_timeout: "lacpFastTimeout",
  "-lacp_fast_timeout": "lacpFastTimeout",
  lacp_strict: "lacpStrict",
  "-lacp_strict": "lacpStrict",
  use_flowid: "useFlowid",
  "-use_flowid": "useFlowid",
  flowid_shift: "flowidShift",
  rr_limit: "rrLimit",
};

/** Words that would create, destroy, rename or move the interface out from under the resource. */
const FORBIDDEN_WORDS = ["create", "destroy", "name", "vnet", "-vnet", "laggtype"];

/** Capability words that turn an offload back on (`tso` is tso4 + tso6). */
const OFFLOAD_ENABLING_WORDS: readonly string[] = [...OFFLOAD_CAPABILITY_WORDS, "tso"];

function owned(word: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(WORDS_OWNED_BY_PROPERTIES, word) ? WORDS_OWNED_BY_PROPERTIES[word] : undefined;
}

/** Why a single word is not allowed regardless of the other words, or undefined. */
function wordProblem(word: string, protocol: LaggProtocol | undefined, offloadDisabled: boolean): string | undefined {
  if (word === "") return "must not be empty; each entry is one ifconfig word like \"-vlanhwfilter\"";
  if (/\s/.test(word)) {
    const property = owned(word.trim().split(/\s+/)[0]);
    return property
      ? `${quote(word)} is not a single word; set the \`${property}\` property instead`
      : `${quote(word)} is not a single ifconfig word; put each word in its own entry`;
  }
  const property = owned(word);
  if (property) return `${quote(word)} is set by the \`${property}\` property; use that instead of options`;
  if (word === "up" || word === "down") {
    return `${quote(word)} is not allowed: the lagg and its ports are always brought up`;
  }
  if (FORBIDDEN_WORDS.includes(word)) {
    return `${quote(word)} is not allowed in options: it would create, destroy, rename or move the interface`;
  }
  if (!OPTION_WORDS.includes(word)) {
    const suggestion = closestName(word, OPTION_WORDS);
    if (suggestion) return `${quote(word)} is not an allowed ifconfig word; did you mean ${quote(suggestion)}?`;
    return (
      `${quote(word)} is not an allowed ifconfig word; allowed: capability toggles ` +
      `(${CAPABILITY_WORDS.join(", ")}), each optionally prefixed with "-", and use_numa/-use_numa`
    );
  }
  if (word.replace(/^-/, "") === "use_numa" && protocol !== undefined && protocol !== "lacp") {
    return `${quote(word)} only applies to protocol "lacp", not ${quote(protocol)}`;
  }
  if (offloadDisabled && OFFLOAD_ENABLING_WORDS.includes(word)) {
    return `${quote(word)} turns on an offload that disableHardwareOffload: true turns off; remove one of them`;
  }
  return undefined;
}

/**
 * Checks `options`. `protocol` is undefined when it is unknown or invalid (protocol-specific words are then
 * not judged). The user's order is kept.
 */
export function checkOptions(
  raw: unknown,
  protocol: LaggProtocol | undefined,
  offloadDisabled: boolean,
  failures: CheckFailure[],
): unknown {
  const { value, items } = readStringList(raw, "options", failures, { fallback: [], example: '["-vlanhwfilter"]' });
  const seen: Record<string, number> = Object.create(null);
  for (const { index, text } of items) {
    const fail = (reason: string) => failures.push({ property: indexPath("options", index), reason });
    const problem = wordProblem(text, protocol, offloadDisabled);
    const negation = text.startsWith("-") ? text.slice(1) : `-${text}`;
    if (problem) fail(problem);
    else if (seen[text] !== undefined) fail(`duplicate of options[${seen[text]}] (${quote(text)}); list each word once`);
    else if (seen[negation] !== undefined) {
      fail(`${quote(text)} contradicts options[${seen[negation]}] (${quote(negation)}); keep one of them`);
    }
    if (!problem && seen[text] === undefined) seen[text] = index;
  }
  return value;
}
