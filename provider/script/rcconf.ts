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
  // Every edit goes through rc_sysrc (host/apply.sh): into a copy of rc.conf that rc_commit moves over
  // the original in one rename, or in place when rc_open found a name assigned in another file.
  const cloned = c ? [`step ${shQuote(`persist cloned_interfaces${c.op === "add" ? "+=" : "-="}${c.name}`)} rc_sysrc ${shQuote(`cloned_interfaces${c.op === "add" ? "+=" : "-="}${c.name}`)} || { rc_abandon; return 1; }`] : [];
  // The variable was absent before the lagg was listed: leave it absent, not `cloned_interfaces=""`.
  if (c?.unsetIfEmpty) cloned.push(`if [ -z "$(rc_sysrc -n cloned_interfaces 2>/dev/null)" ]; then rc_sysrc -x cloned_interfaces >/dev/null 2>&1; fi`);
  const snap = names.map((k, i) => `if v=$(sysrc -n ${shQuote(k)} 2>/dev/null); then OLD_${i}=$v; HAD_${i}=1; else HAD_${i}=0; fi`);
  // Unset first: sysrc appends a new variable with a plain echo, but rewrites an existing one
  // through awk -v, which would eat the backslashes that keep the value inert when rc.conf is sourced.
  // One sysrc per kind of edit: on a busy host every process counts, and the step's stderr still
  // names the variable sysrc refused.
  const set = edits?.set ?? [];
  const unset = edits?.unset ?? [];
  // The order below matters only when the edit is in place (sysrc rewrites the file once per variable):
  // only values that need escaping are unset first, every other variable is rewritten in place, so a
  // reboot between two rewrites never finds it missing; the lagg is listed before its variables are
  // written and unlisted after they are gone.
  const escaped = set.filter(([, v]) => rcEscape(v) !== v);
  const adding = c?.op === "add";
  const apply = [
    ...(names.length ? [`rc_open ${shQuote(names.join("|"))}`] : []),
    ...(adding ? cloned : []),
    ...(set.length ? [
      ...(escaped.length ? [`rc_sysrc -x ${escaped.map(([k]) => shQuote(k)).join(" ")} >/dev/null 2>&1`] : []),
      `step ${shQuote(`persist ${set.map(([k]) => k).join(" ")}`)} rc_sysrc ${set.map(([k, v]) => shQuote(`${k}=${rcEscape(v)}`)).join(" ")} || { rc_abandon; return 1; }`,
    ] : []),
    ...(unset.length ? [`step ${shQuote(`unpersist ${unset.join(" ")}`)} rc_sysrc -x ${unset.map(shQuote).join(" ")} || { rc_abandon; return 1; }`] : []),
    ...(adding ? [] : cloned),
    ...(names.length ? [`step 'persist rc.conf' rc_commit || return 1`] : []),
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
    // Nothing to restore unless an in-place edit began: an rc.conf edited through a copy is untouched
    // until rc_commit, the last step, and rewriting unchanged values would open a window of its own.
    `persist_restore() {\n${indent(restore.length ? ["rc_touched || return 0", ...restore].join("\n") : ":")}\n}`,
  ].join("\n");
}
