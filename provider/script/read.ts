// The read (refresh) script: the live state and the persisted view, between markers. Changes nothing.
import { shQuote } from "../shell";
import { HEADER } from "./locked";
import { renderPersistReport } from "./persist-report";

/**
 * Renders the read (refresh) script: the live state and the persisted view, between markers. The
 * view is `sysrc -e` lines (renderPersistReport: every boot variable of the lagg, then `rcVars`),
 * or the TrueNAS middleware's row when `truenasReport` says so.
 */
export function renderReadScript(name: string, nonce: string, rcVars: readonly string[], truenasReport?: { line: string; always: boolean }): string {
  const n = shQuote(name);
  const sysrc = rcVars.length ? renderPersistReport(name, rcVars) : ":";
  // TrueNAS: the middleware's row (JSON) instead of rc.conf, always or when the host has midclt.
  const report = !truenasReport ? sysrc : truenasReport.always ? truenasReport.line
    : `if command -v midclt >/dev/null 2>&1; then ${truenasReport.line}; else ${sysrc}; fi`;
  return renderMarkedRead(`read ${name}`, nonce, [`ifconfig -v ${n} 2>/dev/null`], [report]);
}

/**
 * A script that changes nothing: `stateLines` print ifconfig text between the STATE markers,
 * `persistLines` the persisted view between the PERSIST markers, then RESULT 0 (what
 * parseScriptOutput reads). Serves the refresh read and the read of joining ports.
 */
export function renderMarkedRead(what: string, nonce: string, stateLines: readonly string[], persistLines: readonly string[]): string {
  return [
    `# pulumi-freebsd-lagg: ${what}`,
    ...HEADER,
    `unset IFCONFIG_FORMAT`,
    `M=${shQuote(nonce)}`,
    `printf '%s STATE-BEGIN\\n' "$M"`,
    ...stateLines,
    `printf '%s STATE-END\\n%s PERSIST-BEGIN\\n' "$M" "$M"`,
    ...persistLines,
    `printf '%s PERSIST-END\\n%s RESULT 0 ok\\n' "$M" "$M"`,
    ``,
  ].join("\n");
}

/** The line a read sent as the first part of a conversation prints last: the shell then waits on stdin for the change. */
export const readPhaseSentinel = (nonce: string): string => `${nonce} READ-END`;

/**
 * A marked read as the first part of one exec (runConversation): the same commands, then the sentinel line,
 * and no exit, so the same shell goes on to run the change the provider plans from what the read printed.
 */
export function renderReadPhase(readScript: string, nonce: string): string {
  return `${readScript.replace(/\n?$/, "\n")}printf '%s READ-END\\n' ${shQuote(nonce)}\n`;
}
