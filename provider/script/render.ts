// Steps + checks -> one POSIX sh script for `/bin/sh -s`: preflight, drift check, snapshot, apply,
// verify, persist, and on any failure a rollback to the snapshot, then the final state between markers.
import { shJoin, shQuote } from "../shell";
import type { Step } from "../plan";
import type { LaggState } from "../state";
import { renderAbsence, renderExpectations, type ExpectOptions } from "./expect";
import { PRELUDE } from "./prelude";
import type { RcConfEdits } from "../persist/rcconf";
import { renderSafeApplyBranch } from "./safe-apply";

/** Script exit codes (and the word on the RESULT marker line). */
export const RESULT = { ok: 0, drift: 3, preflight: 4, rolledBack: 5, rollbackFailed: 6, lockBusy: 75 } as const;

/**
 * The RESULT word of the TrueNAS refusal (code 4, preflight): with persist "auto" the provider runs
 * the TrueNAS script instead, so plain FreeBSD hosts pay nothing for the detection.
 */
export const TRUENAS_WORD = "truenas";

/** A lagg state plus how strictly to compare addresses. */
export interface ExpectedState {
  state: LaggState;
  options?: ExpectOptions;
}

/** Everything one apply script does, decided by the (pure) provider core. */
export interface ApplySpec {
  operation: "create" | "update" | "delete";
  name: string;
  /** Unique per run, so markers cannot collide with anything the host prints. */
  nonce: string;
  /** create: the lagg must not exist yet. */
  mustBeAbsent?: boolean;
  /** Ports being added: each must exist and must not be a port of another lagg. */
  portsToClaim: string[];
  /** The state Pulumi recorded; on mismatch the script changes nothing and exits with `drift`. */
  recorded?: ExpectedState;
  /** create: report which of these ports are down now (delete puts them back down). */
  reportDownPorts?: string[];
  steps: Step[];
  /** Undo steps, run (best effort) when apply, verify or persist fails. */
  rollback: Step[];
  /** The state to verify after apply; undefined means the lagg must be gone. */
  expected?: ExpectedState;
  /** rc.conf edits (after the live change verified); snapshotted and restored on rollback. */
  rcConf?: RcConfEdits;
  /** rc.conf variables to print at the end (the persisted view for outputs). */
  reportRcVars?: string[];
  /** delete: succeed without changes when the lagg is already gone. */
  skipIfAbsent?: boolean;
  /** Refuse (preflight) on TrueNAS CORE, whose middleware undoes raw ifconfig changes. */
  refuseTruenas?: boolean;
  /**
   * Commit-confirmed mode when the change touches the interface carrying the SSH session: the
   * change runs detached with a rollback timer, and is persisted only once confirmed.
   */
  safeApply?: { confirmTimeoutSec: number; targets: string[]; addresses: string[] };
  /**
   * delete: refuse (preflight) when the SSH session arrives on an address of the lagg. A destroy
   * cannot be commit-confirmed (nothing is left to confirm over), so it must not cut the session.
   */
  refuseIfCarriesSession?: boolean;
  /** Seconds to wait for the host-side lock. */
  lockTimeoutSec?: number;
}

const indent = (s: string) => s.split("\n").map((l) => (l ? `  ${l}` : l)).join("\n");

/** Whether a step is `ifconfig <target> <keywords>` that may share one ifconfig run with its neighbours. */
function mergeable(s: Step): boolean {
  const [cmd, name, first] = s.argv;
  // An address must directly follow the name, and create/destroy change what exists.
  return cmd === "ifconfig" && name !== undefined && !name.startsWith("-") && first !== undefined && !["inet", "inet6", "destroy"].includes(first);
}

/**
 * Joins runs of consecutive keyword steps on one interface into one ifconfig run
 * (`ifconfig lagg0 create laggproto lacp laggport igb0 laggport igb1`, as rc.conf does): ifconfig
 * applies its keywords in order, so the effect is the same, with fewer processes on the host. A
 * failure still fails the step and the whole change is verified and rolled back as before.
 */
export function mergeIfconfigSteps(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && mergeable(last) && mergeable(s) && last.argv[1] === s.argv[1] && s.argv[2] !== "create") {
      out[out.length - 1] = { ...last, argv: [...last.argv, ...s.argv.slice(2)], why: `${last.why}; ${s.why}` };
    } else {
      out.push(s);
    }
  }
  return out;
}

function renderSteps(fn: string, planned: readonly Step[], bestEffort: boolean): string {
  // Best-effort rollback keeps one run per step, so one refused keyword cannot skip the others.
  const steps = bestEffort ? planned : mergeIfconfigSteps(planned);
  const body = steps.map((s) => `step ${shQuote(s.why)} ${shJoin(s.argv)}${bestEffort ? "" : " || return 1"}`);
  return `${fn}() {\n${indent(body.join("\n") || ":")}\n  return 0\n}`;
}

function renderPreflight(spec: ApplySpec): string {
  const n = shQuote(spec.name);
  if (!spec.mustBeAbsent && spec.portsToClaim.length === 0) return "";
  // One `ifconfig -l` and one `ifconfig -g lagg` answer every question: each process counts on a busy host.
  const lines = [`IFLIST=" $(ifconfig -l 2>/dev/null) "`];
  if (spec.mustBeAbsent) {
    lines.push(`case "$IFLIST" in *${shQuote(` ${spec.name} `)}*) say ${shQuote(`PREFLIGHT ${spec.name} already exists (not created by this stack; set adopt: true to take it over)`)}; finish 4 preflight ;; esac`);
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

/** Preflight: refuse when `$SSH_CONNECTION`'s server address is on `name`. */
export function renderSessionGuard(name: string): string {
  const why = `, an address of ${name}: deleting ${name} would cut this session and every client on that path off the host. Move the management address to another interface first, or set safeApply: false to delete it anyway`;
  return `if session_addr && holds_session ${shQuote(name)}; then say "PREFLIGHT the SSH session arrives on $MGMT"${shQuote(why)}; finish 4 preflight; fi`;
}

/** Escapes a value for the inside of rc.conf's double quotes: sysrc(8) writes `name="value"` raw. */
export function rcEscape(value: string): string {
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/** The shell twin of rcEscape, for values only known on the host (restoring a snapshot). */
const RC_ESCAPE_FN = "rc_escape() { printf '%s' \"$1\" | sed 's/[\\\\\"$`]/\\\\&/g'; }";

function renderRcConf(edits: RcConfEdits | undefined): string {
  const names = edits ? [...(edits.cloned ? ["cloned_interfaces"] : []), ...edits.set.map(([k]) => k), ...edits.unset] : [];
  const c = edits?.cloned;
  const cloned = c ? [`step ${shQuote(`persist cloned_interfaces${c.op === "add" ? "+=" : "-="}${c.name}`)} sysrc ${shQuote(`cloned_interfaces${c.op === "add" ? "+=" : "-="}${c.name}`)} || return 1`] : [];
  const snap = names.map((k, i) => `if v=$(sysrc -n ${shQuote(k)} 2>/dev/null); then OLD_${i}=$v; HAD_${i}=1; else HAD_${i}=0; fi`);
  // Unset first: sysrc appends a new variable with a plain echo, but rewrites an existing one
  // through awk -v, which would eat the backslashes that keep the value inert when rc.conf is sourced.
  // One sysrc per kind of edit: on a busy host every process counts, and the step's stderr still
  // names the variable sysrc refused.
  const set = edits?.set ?? [];
  const unset = edits?.unset ?? [];
  const apply = [
    ...cloned,
    ...(set.length ? [
      `sysrc -x ${set.map(([k]) => shQuote(k)).join(" ")} >/dev/null 2>&1`,
      `step ${shQuote(`persist ${set.map(([k]) => k).join(" ")}`)} sysrc ${set.map(([k, v]) => shQuote(`${k}=${rcEscape(v)}`)).join(" ")} || return 1`,
    ] : []),
    ...(unset.length ? [`step ${shQuote(`unpersist ${unset.join(" ")}`)} sysrc -x ${unset.map(shQuote).join(" ")} || return 1`] : []),
  ];
  const restore = names.map(
    (k, i) =>
      k === "cloned_interfaces"
        ? `if [ "$HAD_${i}" = 1 ]; then sysrc ${shQuote(`${k}=`)}"$OLD_${i}" >/dev/null 2>&1; else sysrc -x ${shQuote(k)} >/dev/null 2>&1; fi`
        : `sysrc -x ${shQuote(k)} >/dev/null 2>&1; if [ "$HAD_${i}" = 1 ]; then sysrc ${shQuote(`${k}=`)}"$(rc_escape "$OLD_${i}")" >/dev/null 2>&1; fi`,
  );
  return [
    RC_ESCAPE_FN,
    `persist_snapshot() {\n${indent(snap.join("\n") || ":")}\n}`,
    `persist_apply() {\n${indent(apply.join("\n") || ":")}\n  return 0\n}`,
    `persist_restore() {\n${indent(restore.join("\n") || ":")}\n}`,
  ].join("\n");
}

function renderCheck(e: ExpectedState | undefined, name: string): string {
  return e ? renderExpectations(e.state, e.options) : renderAbsence(name);
}

/** Functions and variables every part of an apply shares (the main body, the detached apply, the rollback file). */
export function renderCommon(spec: ApplySpec): string {
  const n = shQuote(spec.name);
  const report = spec.reportRcVars?.length ? `sysrc -e ${spec.reportRcVars.map(shQuote).join(" ")} 2>/dev/null` : ":";
  return [
    `M=${shQuote(spec.nonce)}`,
    `unset IFCONFIG_FORMAT`,
    PRELUDE,
    // The state just verified is still the state (persisting touches only rc.conf): print it again
    // rather than ask ifconfig once more.
    `VERIFIED_S=`,
    `finish() {\n  say STATE-BEGIN\n  if [ "$1" = 0 ] && [ -n "$VERIFIED_S" ]; then printf '%s\\n' "$VERIFIED_S"; else ifconfig -v ${n} 2>/dev/null; fi\n  say STATE-END\n  say PERSIST-BEGIN\n  ${report}\n  say PERSIST-END\n  say "RESULT $1 $2"\n  exit "$1"\n}`,
    renderSteps("apply_steps", spec.steps, false),
    renderSteps("rollback_steps", spec.rollback, true),
    renderRcConf(spec.rcConf),
    `verify_expected() {\n${indent(renderCheck(spec.expected, spec.name))}\n}`,
    `verify_restored() {\n${indent(spec.recorded ? renderCheck(spec.recorded, spec.name) : spec.operation === "delete" ? "BAD=" : renderAbsence(spec.name))}\n}`,
    `PRIOR_DOWN=`,
  ].join("\n");
}

/** Undo the live change: inverse steps, formerly-down ports back down. */
export const ROLLBACK_LIVE = `rollback_steps\nfor p in $PRIOR_DOWN; do ifconfig "$p" down >/dev/null 2>&1; done`;

/** The inner script (run under the host lock). */
function renderBody(spec: ApplySpec): string {
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
    `persist_snapshot`,
    `ok=1`,
    `apply_steps || ok=0`,
    `if [ "$ok" = 1 ]; then\n  verify_expected\n  if [ -n "$BAD" ]; then ok=0; say "VERIFY-FAILED$BAD"; else VERIFIED_S=$S; fi\nfi`,
    `if [ "$ok" = 1 ]; then persist_apply || ok=0; fi`,
    `if [ "$ok" = 1 ]; then finish 0 ok; fi`,
    `say ROLLBACK-BEGIN`,
    ROLLBACK_LIVE,
    `persist_restore`,
    `verify_restored`,
    `if [ -n "$BAD" ]; then say "ROLLBACK-FAILED$BAD"; finish 6 rollback-failed; fi`,
    `finish 5 rolled-back`,
  ].filter((l) => l !== "").join("\n");
}

/** Lines every script starts with: ignore hang-up and broken pipe, a PATH that finds FreeBSD's tools without hiding the caller's. */
export const HEADER = [
  // A client that vanishes closes sshd's end of our stdout: the next marker we print would kill the
  // script with SIGPIPE between two steps. Ignored here (and so in everything we exec), the change
  // runs to the end: applied, verified and persisted, or rolled back.
  `trap '' HUP PIPE`,
  `PATH=$PATH:/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin`,
  `export PATH`,
  `LC_ALL=C`,
  `export LC_ALL`,
];

/**
 * Renders the script for one create/update/delete. It runs under lockf(1) on a host-wide lock
 * file, so two pipelines never interleave on one box; the host ends fully old or fully new.
 * Markers (`<nonce> KEYWORD ...`) carry progress, drift, errors and the final state back.
 */
export function renderApplyScript(spec: ApplySpec): string {
  return renderLocked(`${spec.operation} ${spec.name}`, renderBody(spec), spec.lockTimeoutSec);
}

/** Wraps a body so it runs under lockf(1) on the host-wide lock file (plain sh where lockf is missing). */
export function renderLocked(title: string, body: string, lockTimeoutSec = 60): string {
  return [
    `# pulumi-freebsd-lagg: ${title}`,
    ...HEADER,
    `LAGG_DIR="\${LAGG_STATE_DIR:-/var/db/pulumi-freebsd-lagg}"`,
    `mkdir -p "$LAGG_DIR" 2>/dev/null`,
    `LAGG_LOCK="$LAGG_DIR/lock"`,
    `export LAGG_DIR`,
    `BODY=${shQuote(body)}`,
    `if command -v lockf >/dev/null 2>&1; then exec lockf -k -t ${lockTimeoutSec} "$LAGG_LOCK" /bin/sh -c "$BODY"; fi`,
    `exec /bin/sh -c "$BODY"`,
    ``,
  ].join("\n");
}

/**
 * Renders the read (refresh) script: the live state and the persisted view, between markers. The
 * view is `sysrc -e` lines, or the TrueNAS middleware's row when `truenasReport` says so.
 */
export function renderReadScript(name: string, nonce: string, rcVars: readonly string[], truenasReport?: { line: string; always: boolean }): string {
  const n = shQuote(name);
  const sysrc = rcVars.length ? `sysrc -e ${rcVars.map(shQuote).join(" ")} 2>/dev/null` : ":";
  // TrueNAS: the middleware's row (JSON) instead of rc.conf, always or when the host has midclt.
  const report = !truenasReport ? sysrc : truenasReport.always ? truenasReport.line
    : `if command -v midclt >/dev/null 2>&1; then ${truenasReport.line}; else ${sysrc}; fi`;
  return [
    `# pulumi-freebsd-lagg: read ${name}`,
    ...HEADER,
    `unset IFCONFIG_FORMAT`,
    `M=${shQuote(nonce)}`,
    `printf '%s STATE-BEGIN\\n' "$M"`,
    `ifconfig -v ${n} 2>/dev/null`,
    `printf '%s STATE-END\\n%s PERSIST-BEGIN\\n' "$M" "$M"`,
    report,
    `printf '%s PERSIST-END\\n%s RESULT 0 ok\\n' "$M" "$M"`,
    ``,
  ].join("\n");
}
