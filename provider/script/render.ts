// Steps + checks -> one POSIX sh script for `/bin/sh -s`: preflight, drift check, snapshot, apply,
// verify, persist, and on any failure a rollback to the snapshot, then the final state between
// markers. The fixed logic is in host/*.sh (apply_change in host/apply.sh); this file orders the
// parts that vary.
import { shQuote } from "../shell";
import { renderCheck, renderCommon } from "./common";
import { renderLocked } from "./locked";
import { renderPreflight } from "./preflight";
import { renderSafeApplyBranch } from "./safe-apply";
import { renderSessionGuard } from "./session";
import { TRUENAS_WORD, type ApplySpec } from "./spec";

// Kept importable from here (provider/operations imports them from "./script/render").
export { RESULT, TRUENAS_WORD, type ApplySpec, type ExpectedState } from "./spec";
export { HEADER, renderLocked } from "./locked";
export { mergeIfconfigSteps } from "./steps";
export { rcEscape } from "./rcconf";
export { renderSessionGuard } from "./session";
export { renderCommon } from "./common";
export { renderReadScript } from "./read";

/** The inner script of one create/update/delete (run under the host lock). */
export function renderApplyBody(spec: ApplySpec): string {
  const n = shQuote(spec.name);
  return [
    renderCommon(spec),
    `say ${shQuote(`BEGIN ${spec.operation} ${spec.name}`)}`,
    spec.refuseTruenas
      ? `if command -v midclt >/dev/null 2>&1; then say ${shQuote("PREFLIGHT this is TrueNAS CORE (midclt found): its middleware undoes raw ifconfig and rc.conf changes at the next sync; use persist: \"truenas\" (or \"auto\") to go through the middleware API, or persist: \"none\" for a deliberate live-only change")}; finish 4 ${TRUENAS_WORD}; fi`
      : "",
    renderPreflight(spec),
    spec.recorded ? `${renderCheck(spec.recorded, spec.name)}\nif [ -n "$BAD" ]; then say "DRIFT$BAD"; finish 3 drift; fi` : "",
    ...(spec.reportDownPorts ?? []).map(
      (p) => `snap ${shQuote(p)}; if [ -n "$S" ] && [ "$(f_up)" = 0 ]; then PRIOR_DOWN="$PRIOR_DOWN ${p}"; say ${shQuote(`PRIOR-DOWN ${p}`)}; fi`,
    ),
    spec.skipIfAbsent ? `if ! ifconfig ${n} >/dev/null 2>&1; then say ${shQuote(`ABSENT ${spec.name}`)}; finish 0 ok; fi` : "",
    spec.refuseIfCarriesSession ? renderSessionGuard(spec.name) : "",
    spec.safeApply ? renderSafeApplyBranch(spec) : "",
    `apply_change`,
  ].filter((l) => l !== "").join("\n");
}

/**
 * Renders the script for one create/update/delete. It runs under lockf(1) on a host-wide lock
 * file, so two pipelines never interleave on one box; the host ends fully old or fully new.
 * Markers (`<nonce> KEYWORD ...`) carry progress, drift, errors and the final state back.
 */
export function renderApplyScript(spec: ApplySpec): string {
  return renderLocked(`${spec.operation} ${spec.name}`, renderApplyBody(spec), spec.lockTimeoutSec);
}
