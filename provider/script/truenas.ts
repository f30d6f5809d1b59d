// The TrueNAS CORE script (reference §7): the change goes through the middleware, never raw ifconfig,
// because its next sync undoes anything its database does not hold. One script per operation:
// preflight, interface.create/update/delete, interface.commit with rollback armed, a check of the
// kernel state, then interface.checkin, or interface.rollback and a check that the old state is back.
import { shJoin, shQuote } from "../shell";
import type { Step } from "../step";
import { renderAbsence, renderExpectations } from "./expect";
import { renderCheck } from "./common";
import { hostFile } from "./host-files";
import { renderLocked } from "./locked";
import { PRELUDE } from "./prelude";
import { renderSessionGuard, renderSessionTouch } from "./session";
import { renderSessionOnPortRefusal } from "./preflight";
import type { TruenasRestore } from "../persist/truenas-ports";
import { renderGateVars, type ExpectedState, type GateSpec } from "./spec";
import { renderMarkedRead } from "./read";

/** Everything one TrueNAS script does, decided by the (pure) provider core. */
export interface TruenasSpec {
  operation: "create" | "update" | "delete";
  name: string;
  /** Unique per run, so markers cannot collide with anything the host prints. */
  nonce: string;
  /** create without adopt: refuse when the lagg is in the middleware's database or in the kernel. */
  mustBeAbsent?: boolean;
  /** The state Pulumi recorded; on mismatch the script changes nothing and exits with `drift` (as the rc.conf script does). */
  recorded?: ExpectedState;
  /** Ports that must exist (checked before the middleware is asked, so the reason names the port). */
  portsToClaim: string[];
  /** JSON payloads (create/update); which is sent depends on whether the database has the row. */
  payload?: { create: unknown; update: unknown };
  /** A reason the change cannot be honoured on TrueNAS: refused in preflight. */
  refusal?: string;
  /** Raw ifconfig steps after the commit, for what sync leaves alone (a cleared description, dropped capability words). */
  settle: Step[];
  /** The state to verify after the commit; undefined means the lagg must be gone. */
  expected?: ExpectedState;
  /** Seconds the middleware waits for interface.checkin before rolling back by itself. */
  checkinTimeoutSec: number;
  /** Seconds to wait for a commit still running after midclt's call timeout before giving up with outcome unknown (300). */
  commitWaitSec?: number;
  /** delete: refuse when the SSH session arrives on an address of the lagg. */
  refuseIfCarriesSession?: boolean;
  /**
   * When the session arrives on one of these interfaces (or addresses), leave interface.checkin to a
   * fresh connection (exit 7, pending): a change that cut the path must be rolled back by the timer.
   */
  safeApply?: { targets: string[]; addresses: string[] };
  lockTimeoutSec?: number;
  /**
   * The user's consent (truenasKeepManagementInterface) to record the interface carrying the SSH
   * session in the middleware when it has no row; without it such a change is refused in preflight.
   */
  keepManagementInterface?: boolean;
  /**
   * failover: the primary the lagg must end with. A lagg already in the kernel but not in the database
   * (adopted) keeps its primary through lag_setup, which recreates it only when its first port by
   * if_index changes; so it is destroyed before the commit, which builds it again with this primary.
   */
  primary?: string;
  /** The lagg's ports after the change (the session's interface among them is the change itself). */
  ports?: string[];
  /** The LACP gate / link settle after the commit verified, before interface.checkin. */
  gate?: GateSpec;
  /**
   * Joining ports whose own middleware row carries addresses, DHCP or IPv6 autoconf (issue 12; read
   * before the script by renderTruenasPortRowRead): cleared in the same change, before the lagg's call.
   */
  clearPortRows?: string[];
  /** Leaving ports' recorded rows, written back after the lagg's update or delete, before the commit. */
  restoreRows?: TruenasRestore[];
}

/** Shell that prints the lagg's middleware row as a JSON list (`[]` when absent or unreadable). */
export function truenasQueryLine(name: string): string {
  return `midclt call interface.query ${shQuote(JSON.stringify([["id", "=", name]]))} 2>/dev/null || echo '[]'`;
}

/** Functions and variables the apply and the confirm script share (the fixed ones: host/truenas.sh). */
function renderCommon(spec: TruenasSpec): string {
  const e = spec.expected;
  return [
    `M=${shQuote(spec.nonce)}`,
    `unset IFCONFIG_FORMAT`,
    PRELUDE,
    `N=${shQuote(spec.name)}`,
    hostFile("truenas.sh"),
    hostFile("lacp-gate.sh"),
    renderGateVars(spec.gate),
    `COMMIT_WAIT=${Math.max(1, Math.floor(spec.commitWaitSec ?? 300))}`,
    `report() { if [ -n "$MIDCLT" ]; then ${truenasQueryLine(spec.name)}; else echo '[]'; fi; }`,
    `verify_expected() {\n${(e ? renderExpectations(e.state, e.options) : renderAbsence(spec.name)).replace(/^/gm, "  ")}\n}`,
  ].join("\n");
}

function renderPreflight(spec: TruenasSpec): string {
  const refuse = (why: string) => `say ${shQuote(`PREFLIGHT ${why}`)}; finish 4 preflight`;
  const lines = [
    `if ! command -v midclt >/dev/null 2>&1; then ${refuse(`persist: "truenas" needs the TrueNAS CORE middleware, but midclt was not found on this host; use persist: "auto" or "rc.conf" on plain FreeBSD`)}; fi`,
    `MIDCLT=1`,
  ];
  if (spec.refusal) lines.push(refuse(spec.refusal));
  lines.push(
    `if ! ROW=$(midclt call interface.query ${shQuote(JSON.stringify([["id", "=", spec.name]]))} 2>&1); then say "PREFLIGHT midclt call interface.query failed: $(printf '%s' "$ROW" | tail -n 1)"; finish 4 preflight; fi`,
    `INDB=1; [ "$ROW" = "[]" ] && INDB=0`,
    // Committing now would also commit (and our rollback would discard) someone else's pending edits.
    `if [ "$(midclt call interface.has_pending_changes 2>/dev/null)" = True ]; then ${refuse("the TrueNAS middleware holds network changes that are not checked in yet (edited in the UI, or a commit still waiting for its checkin); commit or revert them, then retry")}; fi`,
  );
  if (spec.mustBeAbsent || spec.portsToClaim.length > 0) lines.push(`IFLIST=" $(ifconfig -l 2>/dev/null) "`);
  if (spec.mustBeAbsent) {
    lines.push(
      `if [ "$INDB" = 1 ]; then ${refuse(`${spec.name} already exists in the TrueNAS database (not created by this stack; set adopt: \"observe\" to take it over unchanged, or adopt: true to converge it)`)}; fi`,
      `case "$IFLIST" in *${shQuote(` ${spec.name} `)}*) ${refuse(`${spec.name} already exists (not created by this stack; set adopt: \"observe\" to take it over unchanged, or adopt: true to converge it)`)} ;; esac`,
    );
  }
  for (const p of spec.portsToClaim) lines.push(`case "$IFLIST" in *${shQuote(` ${p} `)}*) ;; *) ${refuse(`port ${p} does not exist`)} ;; esac`);
  // The session's address on a joining port that the lagg would not carry: the same refusal as rc.conf's.
  if (spec.portsToClaim.length > 0 && spec.expected) lines.push(renderSessionOnPortRefusal(spec.name, spec.portsToClaim, spec.expected.state.addresses));
  if (spec.refuseIfCarriesSession) lines.push(renderSessionGuard(spec.name));
  return lines.join("\n");
}

/** Sets SAFE=1 when the session arrives on an interface or address the change touches. */
function renderSafeDetect(spec: TruenasSpec): string {
  const sa = spec.safeApply;
  if (!sa) return "SAFE=0";
  return renderSessionTouch(sa);
}

/** No lockout: keep_session_iface (host/truenas.sh) before the first database write. */
function renderKeepSession(spec: TruenasSpec): string {
  return `keep_session_iface ${spec.keepManagementInterface ? 1 : 0} ${(spec.ports ?? []).map(shQuote).join(" ")}`.trimEnd();
}

/** interface.update of each leaving port's recorded row (after the lagg no longer claims it). */
function renderRestoreRows(spec: TruenasSpec): string[] {
  return (spec.restoreRows ?? []).map((r) => {
    const what = `interface.update ${r.port}: give back its own row, recorded before it joined ${spec.name}`;
    return `mid ${shQuote(what)} interface.update ${shQuote(r.port)} ${shQuote(JSON.stringify(r.payload))} || refused_after_write ${shQuote(`interface.update ${r.port}`)}`;
  });
}

function renderChange(spec: TruenasSpec): string {
  const n = spec.name;
  if (!spec.payload) {
    // Not in the database: the middleware's next sync would destroy it anyway; do it now.
    return [
      `if [ "$INDB" = 0 ]; then`,
      `  if ! ifconfig "$N" >/dev/null 2>&1; then say ${shQuote(`ABSENT ${n}`)}; finish 0 ok; fi`,
      `  step ${shQuote(`destroy ${n} (not in the TrueNAS database)`)} ifconfig "$N" destroy`,
      `  verify_expected; if [ -n "$BAD" ]; then finish 6 rollback-failed; fi; finish 0 ok`,
      `fi`,
      renderKeepSession(spec),
      `mid ${shQuote(`interface.delete ${n}`)} interface.delete "$N" || refused_after_write ${shQuote(`interface.delete ${n}`)}`,
      ...renderRestoreRows(spec),
    ].join("\n");
  }
  const create = shQuote(JSON.stringify(spec.payload.create));
  const update = shQuote(JSON.stringify(spec.payload.update));
  return [
    renderKeepSession(spec),
    ...((spec.clearPortRows ?? []).length > 0 ? [`clear_port_rows ${spec.clearPortRows!.map(shQuote).join(" ")}`] : []),
    `if [ "$INDB" = 1 ]; then`,
    `  mid ${shQuote(`interface.update ${n}`)} interface.update "$N" ${update} || refused_after_write ${shQuote(`interface.update ${n}`)}`,
    `else`,
    `  mid ${shQuote(`interface.create ${n}`)} interface.create ${create} || refused_after_write ${shQuote(`interface.create ${n}`)}`,
    ...(spec.primary
      ? [
          `  if ifconfig "$N" >/dev/null 2>&1; then snap "$N"; if [ "$(f_primary)" != ${shQuote(spec.primary)} ]; then`,
          // Names are validated interface names (letters and digits): safe inside double quotes.
          `    step "destroy ${n} (primary $(f_primary)): the middleware keeps the primary of a lagg it did not build; its commit builds ${n} again with ${spec.primary} first" ifconfig "$N" destroy`,
          `  fi; fi`,
        ]
      : []),
    `fi`,
    ...renderRestoreRows(spec),
  ].join("\n");
}

/** The raw steps after the commit (best effort, each one runs), as settle_steps: false when any failed. */
function renderSettle(steps: readonly Step[]): string {
  if (steps.length === 0) return "settle_steps() { return 0; }";
  return `settle_steps() {\n  _s=0\n${steps.map((s) => `  step ${shQuote(s.why)} ${shJoin(s.argv)} || _s=1`).join("\n")}\n  return $_s\n}`;
}

/** Renders the create/update/delete script for a TrueNAS CORE host (runs under the host lock). */
export function renderTruenasScript(spec: TruenasSpec): string {
  const body = [
    renderCommon(spec),
    renderSettle(spec.settle),
    `say ${shQuote(`BEGIN ${spec.operation} ${spec.name}`)}`,
    renderPreflight(spec),
    // The drift check of the rc.conf path (render.ts), before the middleware is asked for anything.
    ...(spec.recorded ? [`${renderCheck(spec.recorded, spec.name)}\nif [ -n "$BAD" ]; then say "DRIFT$BAD"; finish 3 drift; fi`] : []),
    renderSafeDetect(spec),
    `BEFORE=$(fp)`,
    renderChange(spec),
    `commit_and_check_in ${spec.checkinTimeoutSec}`,
  ].join("\n");
  return renderLocked(`truenas ${spec.operation} ${spec.name}`, body, spec.lockTimeoutSec);
}

/**
 * The confirm script, run from a fresh connection after a pending or lost TrueNAS change: checks the
 * kernel state in while the middleware still waits for it (confirm_check_in in host/truenas.sh).
 * Exit 0 = checked in (or already was); 9 = the middleware's timer rolled the change back; 5 = the
 * change was never committed, or does not verify, and was rolled back now.
 */
export function renderTruenasConfirmScript(spec: TruenasSpec): string {
  const body = [renderCommon(spec), `say ${shQuote(`BEGIN confirm ${spec.name}`)}`, `confirm_check_in`].join("\n");
  return renderLocked(`truenas confirm ${spec.operation} ${spec.name}`, body, spec.lockTimeoutSec);
}

/**
 * The read before a TrueNAS change that adds ports (the first part of the same exec, changes nothing):
 * one `interface.query` for the ports' own rows (one midclt start: each costs about a second on a real
 * box), printed as `PORT-ROW <port,port...> <JSON list>`; a port missing from the list has no row. When the
 * query fails nothing is printed (no record, nothing restored later).
 */
export function renderTruenasPortRowRead(ports: readonly string[], nonce: string): string {
  const q = shQuote(JSON.stringify([["id", "in", ports], ["description", "!=", null]]));
  const line = `if R=$(midclt call interface.query ${q} 2>/dev/null); then printf '%s PORT-ROW %s %s\\n' "$M" ${shQuote(ports.join(","))} "$(printf '%s' "$R" | tr '\\n' ' ')"; fi`;
  return renderMarkedRead(`read the own middleware rows of ${ports.join(" ")}`, nonce, [line], []);
}
