// Commit-confirmed apply (design §4 "Safe apply"): when the change touches the interface that
// carries this SSH session, a lost session must not mean a lost host. The change runs detached
// from the session with a rollback timer armed; the provider confirms from a fresh connection,
// and only then is it persisted, so a reboot inside the window also comes back with the old config.
import { shQuote } from "../shell";
import type { ApplySpec } from "./render";
import { HEADER, renderCommon, renderLocked, ROLLBACK_LIVE } from "./render";

/** Result codes of the commit-confirmed protocol (beside render.ts's RESULT). */
export const SAFE_RESULT = { pending: 7, nothingPending: 8, expired: 9 } as const;

/** Shell paths of the files one commit-confirmed change keeps in $LAGG_DIR. */
function files(name: string): string {
  const b = `"$LAGG_DIR"/${shQuote(name)}`;
  return `P=${b}.pending; LOG=${b}.log; RB=${b}.rollback.sh; AP=${b}.apply.sh`;
}

/** Runs a command detached from the session (daemon(8) on FreeBSD, nohup elsewhere). */
const DETACH = `detach() { if command -v daemon >/dev/null 2>&1; then daemon -f /bin/sh -c "$1"; else nohup /bin/sh -c "$1" >/dev/null 2>&1 & fi; }`;

/** The detached part: apply, verify, and on failure roll back itself. Prints APPLY-RESULT. */
function applyPart(): string {
  return [
    `ok=1`,
    `apply_steps || ok=0`,
    `if [ "$ok" = 1 ]; then verify_expected; if [ -n "$BAD" ]; then ok=0; say "VERIFY-FAILED$BAD"; fi; fi`,
    `if [ "$ok" = 1 ]; then say "APPLY-RESULT 0 applied"; exit 0; fi`,
    `say ROLLBACK-BEGIN`,
    `if mv "$P" "$P.failed" 2>/dev/null; then ${ROLLBACK_LIVE.replace(/\n/g, "; ")}; rm -f "$P.failed"; fi`,
    `verify_restored`,
    `if [ -n "$BAD" ]; then say "ROLLBACK-FAILED$BAD"; say "APPLY-RESULT 6 rollback-failed"; exit 6; fi`,
    `say "APPLY-RESULT 5 rolled-back"`,
  ].join("\n");
}

/** Waits (up to $1 seconds) for the detached apply to finish, relays its log, sets $code. */
const WAIT_AND_RELAY = `wait_apply() {
  i=0
  while ! grep -q "^$M APPLY-RESULT " "$LOG" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -gt $(($1 * 10)) ] && break
    sleep 0.1
  done
  [ -f "$LOG" ] && grep "^$M " "$LOG"
  code=$(sed -n "s/^$M APPLY-RESULT \\([0-9]*\\).*/\\1/p" "$LOG" 2>/dev/null)
}`;

/**
 * Sets SAFE=1 when the session arrives on one of `targets` or on one of `addresses` (which the
 * change adds or removes); $MGMT is then that address.
 */
export function renderSessionTouch(sa: { targets: readonly string[]; addresses: readonly string[] }): string {
  return [
    `SAFE=0`,
    `if session_addr; then`,
    `  for t in ${sa.targets.map(shQuote).join(" ")}; do holds_session "$t" && SAFE=1; done`,
    `  case ${shQuote(` ${sa.addresses.join(" ")} `)} in *" $MGMT/"*) SAFE=1 ;; esac`,
    `fi`,
  ].join("\n");
}

/**
 * The branch of the main body that switches to commit-confirmed mode when `$SSH_CONNECTION`'s
 * server address is on an interface the change touches (or is one of the addresses it moves).
 * Exits 7 (pending) after a successful apply; the provider must confirm.
 */
export function renderSafeApplyBranch(spec: ApplySpec): string {
  const sa = spec.safeApply!;
  const common = renderCommon(spec);
  const t = sa.confirmTimeoutSec;
  return [
    renderSessionTouch(sa),
    `if [ "$SAFE" = 1 ]; then`,
    `  ${files(spec.name)}`,
    `  say "SAFE-APPLY the SSH session arrives on $MGMT, which this change touches: applying detached with a ${t} s rollback timer"`,
    `  printf '%s\\n' "$M" > "$P" || { say "PREFLIGHT cannot write $P"; finish 4 preflight; }`,
    `  { printf '%s\\n' ${shQuote([...HEADER, common].join("\n"))}; printf "PRIOR_DOWN='%s'\\n" "$PRIOR_DOWN"; printf '%s\\n' ${shQuote(ROLLBACK_LIVE)}; } > "$RB"`,
    `  { printf '%s\\n' ${shQuote([...HEADER, common].join("\n"))}; printf "PRIOR_DOWN='%s'\\n" "$PRIOR_DOWN"; printf '%s\\n' ${shQuote(files(spec.name))}; printf '%s\\n' ${shQuote(applyPart())}; } > "$AP"`,
    `  rm -f "$LOG"`,
    `  ${DETACH}`,
    `  detach "sleep ${t}; if mv '$P' '$P.expired' 2>/dev/null; then /bin/sh '$RB' > '$LOG.rollback' 2>&1; fi"`,
    `  detach "/bin/sh '$AP' > '$LOG' 2>&1"`,
    `  ${WAIT_AND_RELAY.replace(/\n/g, "\n  ")}`,
    `  wait_apply ${t}`,
    `  if [ "$code" = 0 ]; then finish 7 pending; fi`,
    `  rm -f "$P"`,
    `  [ -n "$code" ] || { say "APPLY-UNFINISHED the detached apply did not finish in ${t} s"; finish 8 unknown; }`,
    `  finish "$code" rolled-back`,
    `fi`,
  ].join("\n");
}

/**
 * The confirm script, run from a fresh connection after a pending (or lost) commit-confirmed
 * apply: waits for the detached apply, takes the pending marker (atomically, racing the timer),
 * verifies, persists and cleans up. Exit 0 = confirmed; 9 = the timer already rolled back;
 * 8 = nothing was pending (the change never started in commit-confirmed mode).
 */
export function renderConfirmScript(spec: ApplySpec): string {
  const t = spec.safeApply?.confirmTimeoutSec ?? 60;
  const body = [
    renderCommon(spec),
    files(spec.name),
    WAIT_AND_RELAY,
    `say ${shQuote(`BEGIN confirm ${spec.name}`)}`,
    `if [ ! -f "$P" ] && ! grep -q "^$M " "$LOG" 2>/dev/null; then`,
    `  if [ -f "$P.expired" ] && [ "$(cat "$P.expired")" = "$M" ]; then say "CONFIRM-EXPIRED the rollback timer fired before the change was confirmed; the host restored the previous config"; finish 9 expired; fi`,
    `  say "NOTHING-PENDING"; finish 8 nothing-pending`,
    `fi`,
    `wait_apply ${t}`,
    `[ -n "$code" ] || { say "APPLY-UNFINISHED"; finish 8 unknown; }`,
    `[ "$code" = 0 ] || { rm -f "$P"; finish "$code" rolled-back; }`,
    `if mv "$P" "$P.confirmed" 2>/dev/null && [ "$(cat "$P.confirmed")" = "$M" ]; then`,
    `  verify_expected`,
    `  if [ -n "$BAD" ]; then say "VERIFY-FAILED$BAD"; say ROLLBACK-BEGIN; /bin/sh "$RB" >/dev/null 2>&1; rm -f "$P.confirmed"; finish 5 rolled-back; fi`,
    `  persist_snapshot`,
    `  if ! persist_apply; then say ROLLBACK-BEGIN; persist_restore; /bin/sh "$RB" >/dev/null 2>&1; rm -f "$P.confirmed"; finish 5 rolled-back; fi`,
    `  rm -f "$P.confirmed" "$RB" "$AP" "$LOG" "$LOG.rollback" "$P.expired"`,
    `  say CONFIRMED`,
    `  finish 0 ok`,
    `fi`,
    `say "CONFIRM-EXPIRED the rollback timer fired before the change was confirmed; the host restored the previous config"`,
    `finish 9 expired`,
  ].join("\n");
  return renderLocked(`confirm ${spec.operation} ${spec.name}`, body, spec.lockTimeoutSec);
}
