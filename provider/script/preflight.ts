// The rc.conf path's preflight: the lagg must not exist (create), claimed ports must exist and be
// free, no other interface may hold an address the lagg gets. Refusals print a PREFLIGHT marker and
// finish 4 before anything changes.
import { shQuote } from "../shell";
import type { ApplySpec } from "./spec";

/** Shell lines for the preflight of `spec` (empty when there is nothing to check). */
export function renderPreflight(spec: ApplySpec): string {
  const holders = renderAddressHolderGuard(spec);
  const claims = renderClaims(spec);
  return [claims, holders].filter((part) => part !== "").join("\n");
}

/** The address a CIDR names, without its prefix. */
const ipOf = (cidr: string) => cidr.split("/")[0];

/**
 * Refuses an address the lagg is to get (one it does not hold in the recorded state) that another interface of
 * the host holds, other than the lagg's own ports (a joining port's addresses are taken off before it joins:
 * the management move). FreeBSD would add an IPv4 one anyway and leave the host with one address on two
 * interfaces (in_aifaddr_ioctl looks only at the interface itself; sys/netinet/in.c), and refuses an IPv6 one
 * with `File exists` mid-change (in6_notify_ifa: the loopback route to self exists; sys/netinet6/in6.c), so the
 * preflight says which interface holds it before anything changes. One `ifconfig -a`, only when addresses are added.
 */
function renderAddressHolderGuard(spec: ApplySpec): string {
  if (!spec.expected) return "";
  const held = new Set((spec.recorded?.state.addresses ?? []).map(ipOf));
  const added = spec.expected.state.addresses.map(ipOf).filter((ip) => !held.has(ip));
  if (added.length === 0) return "";
  const mine = [spec.name, ...spec.expected.state.ports];
  // Interface headers start in column 1 (`em0: flags=...`); address lines are `\tinet A ...` / `\tinet6 A ...`.
  const program = `/^[a-zA-Z]/ { i = $1; sub(/:$/, "", i); next } ($1 == "inet" || $1 == "inet6") && index(want, " " $2 " ") && !index(mine, " " i " ") { print $2 " " i; exit }`;
  const why = `: FreeBSD would put it on ${spec.name} as well (IPv4 allows one address on two interfaces, which then both answer for it; IPv6 refuses it with File exists). Remove it from that interface first, or make that interface a port of ${spec.name} (a joining port's addresses move to the lagg)`;
  return [
    `HOLDER=$(ifconfig -a 2>/dev/null | awk -v want=${shQuote(` ${added.join(" ")} `)} -v mine=${shQuote(` ${mine.join(" ")} `)} ${shQuote(program)})`,
    `if [ -n "$HOLDER" ]; then say "PREFLIGHT address \${HOLDER%% *} is already an address of \${HOLDER#* }"${shQuote(why)}; finish 4 preflight; fi`,
  ].join("\n");
}

/** The lagg name must be free (create) and each port claimed must exist and be no other lagg's port. */
function renderClaims(spec: ApplySpec): string {
  const n = shQuote(spec.name);
  if (!spec.mustBeAbsent && spec.portsToClaim.length === 0) return "";
  // One `ifconfig -l` and one `ifconfig -g lagg` answer every question: each process counts on a busy host.
  const lines = [`IFLIST=" $(ifconfig -l 2>/dev/null) "`];
  if (spec.mustBeAbsent) {
    lines.push(`case "$IFLIST" in *${shQuote(` ${spec.name} `)}*) say ${shQuote(`PREFLIGHT ${spec.name} already exists (not created by this stack; set adopt: \"observe\" to take it over unchanged, or adopt: true to converge it)`)}; finish 4 preflight ;; esac`);
  }
  for (const p of spec.portsToClaim) {
    lines.push(`case "$IFLIST" in *${shQuote(` ${p} `)}*) ;; *) say ${shQuote(`PREFLIGHT port ${p} does not exist`)}; finish 4 preflight ;; esac`);
  }
  if (spec.portsToClaim.length > 0) lines.push(renderSessionOnPortGuard(spec));
  if (spec.portsToClaim.length > 0) {
    lines.push(
      `for l in $(ifconfig -g lagg 2>/dev/null); do`,
      `  [ "$l" = ${n} ] && continue`,
      `  snap "$l"; ports=" $(f_ports)"`,
      ...spec.portsToClaim.map((p) => `  case "$ports" in *${shQuote(` ${p} `)}*) say "PREFLIGHT port ${p.replace(/[^a-z0-9_.]/gi, "")} is a port of $l"; finish 4 preflight ;; esac`),
      `done`,
    );
  }
  return lines.join("\n");
}

/**
 * Refuses a change that would surely cut this session: `$SSH_CONNECTION`'s server address is on a
 * port being added and the lagg will not carry it. A lagg port hands every frame it receives to the
 * lagg (lagg_input, sys/net/if_lagg.c), so an address left on the port stops answering.
 */
function renderSessionOnPortGuard(spec: ApplySpec): string {
  return renderSessionOnPortRefusal(spec.name, spec.portsToClaim, spec.expected?.state.addresses ?? []);
}

/**
 * The refusal itself, shared with the TrueNAS script: `ports` join `name`, which will carry
 * `addresses` (CIDR); refused when the session's address is on one of the ports and not among them.
 */
export function renderSessionOnPortRefusal(name: string, ports: readonly string[], addresses: readonly string[]): string {
  const keep = ` ${addresses.join(" ")} `;
  const how = (p: string) => `: making ${p} a port of ${name} would take that address off the network (a lagg port's own addresses stop answering) and cut this session off the host. Include the address in addresses, which moves it from ${p} onto ${name} in one commit-confirmed change, or move the session to another interface first`;
  return [
    `if session_addr; then`,
    `  KEEP=${shQuote(keep)}`,
    ...ports.map((p) => `  if holds_session ${shQuote(p)}; then case "$KEEP" in *" $MGMT/"*) ;; *) say "PREFLIGHT the SSH session arrives on $MGMT, an address of port ${p.replace(/[^a-z0-9_.]/gi, "")}"${shQuote(how(p))}; finish 4 preflight ;; esac; fi`),
    `fi`,
  ].join("\n");
}
