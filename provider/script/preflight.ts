// The rc.conf path's preflight: the lagg must not exist (create), claimed ports must exist and be
// free. Refusals print a PREFLIGHT marker and finish 4 before anything changes.
import { shQuote } from "../shell";
import type { ApplySpec } from "./spec";

/** Shell lines for the preflight of `spec` (empty when there is nothing to check). */
export function renderPreflight(spec: ApplySpec): string {
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
