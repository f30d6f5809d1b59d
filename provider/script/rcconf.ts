// rc.conf persistence as shell functions: persist_snapshot, persist_apply, persist_restore (the
// restore uses rc_escape from host/apply.sh).
import { shQuote } from "../shell";
import type { RcConfEdits } from "../persist/rcconf";
import { indent } from "./steps";

/** Escapes a value for the inside of rc.conf's double quotes: sysrc(8) writes `name="value"` raw. */
export function rcEscape(value: string): string {
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/** The persist_* functions for `edits` (each a no-op without edits). */
export function renderRcConf(edits: RcConfEdits | undefined): string {
  const names = edits ? [...(edits.cloned ? ["cloned_interfaces"] : []), ...edits.set.map(([k]) => k), ...edits.unset] : [];
  const c = edits?.cloned;
  const cloned = c ? [`step ${shQuote(`persist cloned_interfaces${c.op === "add" ? "+=" : "-="}${c.name}`)} sysrc ${shQuote(`cloned_interfaces${c.op === "add" ? "+=" : "-="}${c.name}`)} || return 1`] : [];
  // The variable was absent before the lagg was listed: leave it absent, not `cloned_interfaces=""`.
  if (c?.unsetIfEmpty) cloned.push(`if [ -z "$(sysrc -n cloned_interfaces 2>/dev/null)" ]; then sysrc -x cloned_interfaces >/dev/null 2>&1; fi`);
  const snap = names.map((k, i) => `if v=$(sysrc -n ${shQuote(k)} 2>/dev/null); then OLD_${i}=$v; HAD_${i}=1; else HAD_${i}=0; fi`);
  // Unset first: sysrc appends a new variable with a plain echo, but rewrites an existing one
  // through awk -v, which would eat the backslashes that keep the value inert when rc.conf is sourced.
  // One sysrc per kind of edit: on a busy host every process counts, and the step's stderr still
  // names the variable sysrc refused.
  const set = edits?.set ?? [];
  const unset = edits?.unset ?? [];
  // Only values that need escaping are unset first: every other variable is rewritten in place, so a
  // reboot between two sysrc calls never finds it missing. The lagg is listed before its variables are
  // written and unlisted after they are gone (boot then brings back the old or the new configuration,
  // never a lagg-less host whose ports lost their addresses to the lagg's lines).
  const escaped = set.filter(([, v]) => rcEscape(v) !== v);
  const adding = c?.op === "add";
  const apply = [
    ...(adding ? cloned : []),
    ...(set.length ? [
      ...(escaped.length ? [`sysrc -x ${escaped.map(([k]) => shQuote(k)).join(" ")} >/dev/null 2>&1`] : []),
      `step ${shQuote(`persist ${set.map(([k]) => k).join(" ")}`)} sysrc ${set.map(([k, v]) => shQuote(`${k}=${rcEscape(v)}`)).join(" ")} || return 1`,
    ] : []),
    ...(unset.length ? [`step ${shQuote(`unpersist ${unset.join(" ")}`)} sysrc -x ${unset.map(shQuote).join(" ")} || return 1`] : []),
    ...(adding ? [] : cloned),
  ];
  const restore = names.map(
    (k, i) =>
      k === "cloned_interfaces"
        ? `if [ "$HAD_${i}" = 1 ]; then sysrc ${shQuote(`${k}=`)}"$OLD_${i}" >/dev/null 2>&1; else sysrc -x ${shQuote(k)} >/dev/null 2>&1; fi`
        : `sysrc -x ${shQuote(k)} >/dev/null 2>&1; if [ "$HAD_${i}" = 1 ]; then sysrc ${shQuote(`${k}=`)}"$(rc_escape "$OLD_${i}")" >/dev/null 2>&1; fi`,
  );
  return [
    `persist_snapshot() {\n${indent(snap.join("\n") || ":")}\n}`,
    `persist_apply() {\n${indent(apply.join("\n") || ":")}\n  return 0\n}`,
    `persist_restore() {\n${indent(restore.join("\n") || ":")}\n}`,
  ].join("\n");
}
