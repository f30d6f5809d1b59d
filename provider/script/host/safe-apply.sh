# shellcheck shell=sh
# safe-apply.sh: commit-confirmed apply (design §4 "Safe apply"). When the change touches the
# interface carrying this SSH session, it runs detached from the session with a rollback timer
# armed; the provider confirms from a fresh connection, and only then is it persisted.
# Files of one change in $LAGG_DIR ($P pending marker, $LOG, $RB rollback script, $AP apply
# script) are named by the renderer's `files` line.

# detach COMMAND: run COMMAND detached from the session (daemon(8) on FreeBSD, nohup elsewhere).
# The nohup fallback execs inside its subshell: yash keeps a copy of the redirected stdout in a
# background subshell that does not exec, which would hold the session open until COMMAND ends.
detach() { if command -v daemon >/dev/null 2>&1; then daemon -f /bin/sh -c "$1"; else (exec nohup /bin/sh -c "$1" >/dev/null 2>&1) & fi; }

# wait_apply SECONDS: wait for the detached apply to finish, relay its markers, set $code (empty
# when it did not finish in time).
wait_apply() {
  i=0
  while ! grep -q "^$M APPLY-RESULT " "$LOG" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -gt $(($1 * 10)) ] && break
    sleep 0.1
  done
  [ -f "$LOG" ] && grep "^$M " "$LOG"
  code=$(sed -n "s/^$M APPLY-RESULT \([0-9]*\).*/\1/p" "$LOG" 2>/dev/null)
}

# run_detached SECONDS: start the rollback timer and the detached apply ($RB and $AP written), wait
# for the apply and finish: 7 pending when it applied (the provider must confirm).
run_detached() {
  rm -f "$LOG"
  detach "sleep $1; if mv '$P' '$P.expired' 2>/dev/null; then /bin/sh '$RB' > '$LOG.rollback' 2>&1; fi"
  detach "/bin/sh '$AP' > '$LOG' 2>&1"
  wait_apply "$1"
  if [ "$code" = 0 ]; then finish 7 pending; fi
  rm -f "$P"
  [ -n "$code" ] || { say "APPLY-UNFINISHED the detached apply did not finish in $1 s"; finish 8 unknown; }
  finish "$code" rolled-back
}

# confirm_pending SECONDS: the confirm script's logic (run from a fresh connection): wait for the
# detached apply, take the pending marker (atomically, racing the timer), verify, persist, clean up.
# 0 confirmed; 9 the timer already rolled back; 8 nothing was pending.
confirm_pending() {
  if [ ! -f "$P" ] && ! grep -q "^$M " "$LOG" 2>/dev/null; then
    if [ -f "$P.expired" ] && [ "$(cat "$P.expired")" = "$M" ]; then report_expired; fi
    say "NOTHING-PENDING"; finish 8 nothing-pending
  fi
  wait_apply "$1"
  [ -n "$code" ] || { say "APPLY-UNFINISHED"; finish 8 unknown; }
  [ "$code" = 0 ] || { rm -f "$P"; finish "$code" rolled-back; }
  if mv "$P" "$P.confirmed" 2>/dev/null && [ "$(cat "$P.confirmed")" = "$M" ]; then
    verify_expected
    if [ -n "$BAD" ]; then say "VERIFY-FAILED$BAD"; say ROLLBACK-BEGIN; /bin/sh "$RB" >/dev/null 2>&1; rm -f "$P.confirmed"; finish 5 rolled-back; fi
    persist_snapshot
    if ! persist_apply; then say ROLLBACK-BEGIN; persist_restore; /bin/sh "$RB" >/dev/null 2>&1; rm -f "$P.confirmed"; finish 5 rolled-back; fi
    rm -f "$P.confirmed" "$RB" "$AP" "$LOG" "$LOG.rollback" "$P.expired"
    say CONFIRMED
    finish 0 ok
  fi
  report_expired
}

# report_expired: the timer fired before the confirm; report what the host shows, not what the timer
# meant to do: 9 expired when the lagg is as recorded and every rollback step ran; else 6, with the
# failed steps ($LOG.rollback) and what differs.
report_expired() {
  verify_restored
  failed=$(grep "^$M STEP-FAILED " "$LOG.rollback" 2>/dev/null)
  [ -z "$failed" ] || printf '%s\n' "$failed"
  if [ -n "$BAD" ] || [ -n "$failed" ]; then say "ROLLBACK-FAILED the rollback timer fired before the change was confirmed but did not restore the previous config$BAD"; finish 6 rollback-failed; fi
  say "CONFIRM-EXPIRED the rollback timer fired before the change was confirmed; the host restored the previous config"
  finish 9 expired
}
