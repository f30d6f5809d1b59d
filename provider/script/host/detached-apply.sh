# shellcheck shell=sh
# detached-apply.sh: the commit-confirmed change itself, as the detached script ($AP) runs it,
# away from the SSH session (see safe-apply.sh). Only $AP carries this file.

# detached_apply: the detached part ($AP): apply, verify, and on failure roll back itself (unless
# the timer took the pending marker first). Prints APPLY-RESULT.
detached_apply() {
  # The ports found down, again: the confirm relays this log, so they are recorded (and put back down
  # when they leave) even when the session that printed them first was lost.
  for p in $PRIOR_DOWN; do say "PRIOR-DOWN $p"; done
  ok=1
  apply_steps || ok=0
  if [ "$ok" = 1 ]; then verify_expected; if [ -n "$BAD" ]; then ok=0; say "VERIFY-FAILED$BAD"; fi; fi
  # The LACP gate (host/lacp-gate.sh) runs here too: the confirm's fresh connection needs the path.
  if [ "$ok" = 1 ]; then lacp_wait || ok=0; fi
  if [ "$ok" = 1 ]; then say "APPLY-RESULT 0 applied"; exit 0; fi
  say ROLLBACK-BEGIN
  if mv "$P" "$P.failed" 2>/dev/null; then rollback_live; rm -f "$P.failed"; fi
  verify_restored
  if [ -n "$BAD" ]; then say "ROLLBACK-FAILED$BAD"; say "APPLY-RESULT 6 rollback-failed"; exit 6; fi
  say "APPLY-RESULT 5 rolled-back"
}
