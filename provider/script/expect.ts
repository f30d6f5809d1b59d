// Renders shell checks that the host shows a given lagg state (after apply, and before an update
// to detect drift). Each mismatch is reported as a MISMATCH marker line and collected in $BAD.
import { parseCidr, netmaskHex } from "../address";
import { shQuote } from "../shell";
import type { LaggState } from "../state";
import { LAGG_OPT } from "../state";

/** Which addresses the host may hold beyond the ones we manage. */
export interface ExpectOptions {
  /** dhclient may add IPv4 addresses: require ours, tolerate others. */
  dhcp?: boolean;
  /** SLAAC adds `autoconf` IPv6 addresses: leave them out of the comparison. */
  ipv6Autoconf?: boolean;
}

/** `192.0.2.10 0xffffff00 ` / `2001:db8::1/64 ` lists, sorted like `LC_ALL=C sort`. */
function addressLists(addresses: readonly string[]): { inet: string[]; inet6: string[] } {
  const inet: string[] = [];
  const inet6: string[] = [];
  for (const a of addresses) {
    const c = parseCidr(a);
    if (!c) continue;
    if (c.family === 4) inet.push(`${c.address} ${netmaskHex(c.prefixLength)}`);
    else inet6.push(`${c.address}/${c.prefixLength}`);
  }
  return { inet: inet.sort(), inet6: inet6.sort() };
}

const spaced = (xs: readonly string[]) => xs.map((x) => `${x} `).join("");

/** Shell lines that snapshot `name` into $S and compare every managed fact of `s`; they set $BAD on mismatch. */
export function renderExpectations(s: LaggState, o: ExpectOptions = {}): string {
  const q = shQuote;
  const { inet, inet6 } = addressLists(s.addresses);
  const lines = [
    `snap ${q(s.name)}`,
    `want protocol ${q(s.protocol)} "$(f_proto)"`,
    `want ports ${q(spaced([...s.ports].sort()))} "$(f_ports)"`,
  ];
  if (s.protocol === "failover" && s.ports.length > 0) lines.push(`want primary ${q(s.ports[0])} "$(f_primary)"`);
  lines.push(`want mtu ${q(String(s.mtu))} "$(f_mtu)"`, `want description ${q(s.description)} "$(f_descr)"`);
  if (o.dhcp) for (const a of inet) lines.push(`want_has inet ${q(a)} "$(f_inet)"`);
  else lines.push(`want inet ${q(spaced(inet))} "$(f_inet)"`);
  lines.push(`want inet6 ${q(spaced(inet6))} "$(f_inet6 ${q(o.ipv6Autoconf ? "/ autoconf/!" : "")})"`);
  if (s.hash.length > 0) lines.push(`want hash ${q(s.hash.join(","))} "$(f_hash)"`);
  const bit = (field: string, v: boolean | undefined, mask: number) => {
    if (v !== undefined) lines.push(`want_bit ${field} ${mask} ${v ? 1 : 0}`);
  };
  bit("lacpFastTimeout", s.lacpFastTimeout, LAGG_OPT.LACP_FAST_TIMO);
  bit("lacpStrict", s.lacpStrict, LAGG_OPT.LACP_STRICT);
  bit("useFlowid", s.useFlowid, LAGG_OPT.USE_FLOWID);
  if (s.flowidShift !== undefined) lines.push(`want flowidShift ${s.flowidShift} "$(f_num flowid_shift)"`);
  if (s.rrLimit !== undefined) lines.push(`want rrLimit ${s.rrLimit} "$(f_num rr_limit)"`);
  lines.push(`want up ${s.up ? 1 : 0} "$(f_up)"`);
  return [
    `BAD=`,
    `snap ${q(s.name)}`,
    `if [ -z "$S" ]; then BAD=" exists"; say ${q(`MISMATCH exists expected=[yes] actual=[no]`)}; else`,
    ...lines.slice(1).map((l) => `  ${l}`),
    `fi`,
  ].join("\n");
}

/** Shell lines that set $BAD unless `name` is absent. */
export function renderAbsence(name: string): string {
  return [`BAD=`, `snap ${shQuote(name)}`, `if [ -n "$S" ]; then BAD=" exists"; say ${shQuote(`MISMATCH exists expected=[no] actual=[yes]`)}; fi`].join("\n");
}
