// What every part of an rc.conf-path apply shares (the main body, the detached apply, the rollback
// file, the confirm script): the varying header and functions, and the fixed host files.
import { shQuote } from "../shell";
import { renderAbsence, renderExpectations } from "./expect";
import { hostFile } from "./host-files";
import { PRELUDE } from "./prelude";
import { renderPersistReport } from "./persist-report";
import { renderRcConf } from "./rcconf";
import { renderGateVars, type ApplySpec, type ExpectedState } from "./spec";
import { indent, renderSteps } from "./steps";

/** Shell lines that check `e` (or, without it, that `name` is absent); they set $BAD on mismatch. */
export function renderCheck(e: ExpectedState | undefined, name: string): string {
  return e ? renderExpectations(e.state, e.options) : renderAbsence(name);
}

/**
 * Functions and variables every part of an apply shares (the main body, the detached apply, the
 * rollback file, the confirm script). The commit-confirmed machinery is added only where it runs
 * (safe-apply.ts): the detached scripts carry this text again, so it stays lean.
 */
export function renderCommon(spec: ApplySpec): string {
  const report = spec.reportRcVars?.length ? renderPersistReport(spec.name, spec.reportRcVars) : ":";
  return [
    `M=${shQuote(spec.nonce)}`,
    `N=${shQuote(spec.name)}`,
    `unset IFCONFIG_FORMAT`,
    PRELUDE,
    hostFile("apply.sh"),
    hostFile("lacp-gate.sh"),
    hostFile("dhcp-lease.sh"),
    renderGateVars(spec.gate),
    `report_persist() { ${report}; }`,
    renderSteps("apply_steps", spec.steps, false),
    renderSteps("rollback_steps", spec.rollback, true),
    renderRcConf(spec.rcConf),
    `verify_expected() {\n${indent(renderCheck(spec.expected, spec.name))}\n}`,
    `verify_restored() {\n${indent(renderCheck(spec.recorded ?? spec.restored, spec.name))}\n}`,
  ].join("\n");
}
