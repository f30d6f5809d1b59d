# shellcheck shell=sh
# apply.sh: the rc.conf path of a create/update/delete. The renderer defines what varies above
# this file: $N (the lagg), apply_steps, rollback_steps, persist_snapshot/persist_apply/
# persist_restore, verify_expected, verify_restored and report_persist.

# The state just verified is still the state (persisting touches only rc.conf): finish prints it
# again rather than ask ifconfig once more.
VERIFIED_S=
PRIOR_DOWN=

# finish CODE WORD: print the final state and persisted view between markers, then the RESULT
# marker, and exit CODE.
finish() {
  say STATE-BEGIN
  if [ "$1" = 0 ] && [ -n "$VERIFIED_S" ]; then printf '%s\n' "$VERIFIED_S"; else ifconfig -v "$N" 2>/dev/null; fi
  say STATE-END
  say PERSIST-BEGIN
  report_persist
  say PERSIST-END
  say "RESULT $1 $2"
  exit "$1"
}

# rc_escape VALUE: the shell twin of rcEscape (render-persist.ts), for values only known on the host
# (restoring a snapshot): sysrc(8) writes `name="value"` raw, and rc.conf is sourced by sh.
rc_escape() { printf '%s' "$1" | sed 's/[\\"$`]/\\&/g'; }

# rollback_live: undo the live change: inverse steps, formerly-down ports back down.
rollback_live() {
  rollback_steps
  for p in $PRIOR_DOWN; do ifconfig "$p" down >/dev/null 2>&1; done
}

# apply_change: apply, verify, wait for LACP partners, persist; on any failure roll back to the snapshot. Never returns.
apply_change() {
  persist_snapshot
  ok=1
  apply_steps || ok=0
  if [ "$ok" = 1 ]; then
    verify_expected
    if [ -n "$BAD" ]; then ok=0; say "VERIFY-FAILED$BAD"; fi
  fi
  # The LACP gate (host/lacp-gate.sh) before persisting: a lagg without partners rolls back with
  # rc.conf untouched. Its last look at the lagg is the state to report.
  if [ "$ok" = 1 ]; then lacp_wait || ok=0; fi
  if [ "$ok" = 1 ]; then VERIFIED_S=$S; persist_apply || ok=0; fi
  if [ "$ok" = 1 ]; then finish 0 ok; fi
  say ROLLBACK-BEGIN
  rollback_live
  persist_restore
  verify_restored
  if [ -n "$BAD" ]; then say "ROLLBACK-FAILED$BAD"; finish 6 rollback-failed; fi
  finish 5 rolled-back
}
