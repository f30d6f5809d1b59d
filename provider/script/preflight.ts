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
