// Commit-confirmed apply (design §4 "Safe apply"), rendered: when the change touches the interface
// that carries this SSH session, a lost session must not mean a lost host. The fixed logic (detach,
// wait, the detached apply, confirm) is in host/safe-apply.sh; this file renders what varies.
import { shQuote } from "../shell";
import { renderCommon } from "./common";
import { hostFile } from "./host-files";
import { HEADER, renderLocked } from "./locked";
import { renderSessionTouch } from "./session";
import type { ApplySpec } from "./spec";

/** Result codes of the commit-confirmed protocol (beside spec.ts's RESULT). */
export const SAFE_RESULT = { pending: 7, nothingPending: 8, expired: 9 } as const;

/** Shell paths of the files one commit-confirmed change keeps in $LAGG_DIR. */
function files(name: string): string {
  const b = `"$LAGG_DIR"/${shQuote(name)}`;
  return `P=${b}.pending; LOG=${b}.log; RB=${b}.rollback.sh; AP=${b}.apply.sh`;
}

/**
 * The branch of the main body that switches to commit-confirmed mode when `$SSH_CONNECTION`'s
 * server address is on an interface the change touches (or is one of the addresses it moves).
 * Exits 7 (pending) after a successful apply; the provider must confirm.
 */
export function renderSafeApplyBranch(spec: ApplySpec): string {
  const sa = spec.safeApply!;
  const common = shQuote([...HEADER, renderCommon(spec)].join("\n"));
  const t = sa.confirmTimeoutSec;
  return [
    hostFile("safe-apply.sh"),
    renderSessionTouch(sa),
    `if [ "$SAFE" = 1 ]; then`,
    `  ${files(spec.name)}`,
    `  say "SAFE-APPLY the SSH session arrives on $MGMT, which this change touches: applying detached with a ${t} s rollback timer"`,
    `  printf '%s\\n' "$M" > "$P" || { say "PREFLIGHT cannot write $P"; finish 4 preflight; }`,
    // The rollback file and the detached apply: the shared functions, the ports found down, one call.
    `  { printf '%s\\n' ${common}; printf "PRIOR_DOWN='%s'\\n" "$PRIOR_DOWN"; printf '%s\\n' rollback_live; } > "$RB"`,
    `  { printf '%s\\n' ${common}; printf "PRIOR_DOWN='%s'\\n" "$PRIOR_DOWN"; printf '%s\\n' ${shQuote(hostFile("detached-apply.sh"))}; printf '%s\\n' ${shQuote(files(spec.name))}; printf '%s\\n' detached_apply; } > "$AP"`,
    `  run_detached ${t}`,
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
    hostFile("safe-apply.sh"),
    files(spec.name),
    `say ${shQuote(`BEGIN confirm ${spec.name}`)}`,
    `confirm_pending ${t}`,
  ].join("\n");
  return renderLocked(`confirm ${spec.operation} ${spec.name}`, body, spec.lockTimeoutSec);
}
