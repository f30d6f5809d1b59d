# shellcheck shell=sh
# truenas.sh: the TrueNAS CORE path (reference §7): changes go through the middleware (midclt),
# whose next sync undoes anything its database does not hold. The renderer defines $N (the lagg),
# report (the middleware's row) and verify_expected above this file.

# Set once midclt is known to exist; read by the rendered report function.
# shellcheck disable=SC2034
MIDCLT=
ERR=

# finish CODE WORD: print the final state and the middleware's row between markers, then the
# RESULT marker, and exit CODE.
finish() {
  say STATE-BEGIN
  ifconfig -v "$N" 2>/dev/null
  say STATE-END
  say PERSIST-BEGIN
  report
  say PERSIST-END
  say "RESULT $1 $2"
  exit "$1"
}

# mid WHY METHOD ARGS...: a middleware call as a step; on failure $ERR says why. midclt prints
# validation errors as `[EINVAL] attribute: message` lines and a CallError as `[EFAULT] message`
# before a traceback: keep those lines, else the last one.
mid() {
  say "STEP $1"; shift
  OUT=$(midclt call "$@" 2>&1) && return 0
  ERR=$(printf '%s\n' "$OUT" | sed -n '/^\[E[A-Z]*\] /p' | tr '\n' ' ')
  [ -n "$ERR" ] || ERR=$(printf '%s\n' "$OUT" | tail -n 1)
  return 1
}

# fp: a fingerprint of the lagg's live state, to tell whether a rollback restored it.
fp() { snap "$N"; printf '%s|' "$(f_proto)" "$(f_ports)" "$(f_primary)" "$(f_mtu)" "$(f_descr)" "$(f_inet)" "$(f_inet6)"; }

# rollback_and_finish: interface.rollback, then check the state before the change ($BEFORE) is back.
rollback_and_finish() {
  say ROLLBACK-BEGIN
  mid interface.rollback interface.rollback || say "STEP-FAILED rc=1 interface.rollback: $ERR"
  AFTER=$(fp)
  if [ -n "$BEFORE" ] && [ "$AFTER" != "$BEFORE" ]; then say "MISMATCH restored expected=[$BEFORE] actual=[$AFTER]"; say "ROLLBACK-FAILED restored"; finish 6 rollback-failed; fi
  finish 5 rolled-back
}

# commit_and_check_in SECONDS: interface.commit with rollback armed (the middleware rolls back by
# itself unless checked in within SECONDS), the raw settle steps, verify, then interface.checkin;
# 7 pending instead when the change touches the session ($SAFE), so a fresh connection checks it in.
# A failed commit may have left the edit pending (validation before sync) or rolled back already
# (sync failed): rollback_and_finish covers both. Never returns.
commit_and_check_in() {
  ok=1
  mid "interface.commit (rollback armed, checkin within $1 s)" interface.commit "{\"rollback\":true,\"checkin_timeout\":$1}" || { ok=0; say "STEP-FAILED rc=1 interface.commit: $ERR"; }
  if [ "$ok" = 1 ]; then settle_steps || ok=0; fi
  if [ "$ok" = 1 ]; then verify_expected; if [ -n "$BAD" ]; then ok=0; say "VERIFY-FAILED$BAD"; fi; fi
  # The LACP gate (host/lacp-gate.sh, issue 10): never check in a lagg without LACP partners.
  if [ "$ok" = 1 ]; then lacp_wait || ok=0; fi
  if [ "$ok" = 1 ] && [ "$SAFE" = 1 ]; then say "SAFE-APPLY the SSH session arrives on $MGMT, which this change touches: interface.checkin is left to a fresh connection (TrueNAS rolls back in $1 s otherwise)"; finish 7 pending; fi
  if [ "$ok" = 1 ]; then
    if mid interface.checkin interface.checkin; then finish 0 ok; fi
    say "STEP-FAILED rc=1 interface.checkin: $ERR"
  fi
  rollback_and_finish
}

# confirm_check_in: the confirm script's logic (a fresh connection after a pending or lost change):
# check the kernel state in while the middleware still waits for it. 0 checked in (or already was);
# 9 the middleware's timer rolled it back; 5 never committed, or does not verify: rolled back now.
confirm_check_in() {
  MIDCLT=1
  # The state before the change is not known here: the rollback's success is the middleware's word.
  BEFORE=
  W=$(midclt call interface.checkin_waiting 2>/dev/null)
  case "$W" in
    ""|null|None)
      if [ "$(midclt call interface.has_pending_changes 2>/dev/null)" = True ]; then say "STEP-FAILED rc=1 interface.commit: the session was lost before the change was committed"; rollback_and_finish; fi
      verify_expected; if [ -z "$BAD" ]; then say CONFIRMED; finish 0 ok; fi
      say "CONFIRM-EXPIRED TrueNAS's checkin timer rolled the change back before it was checked in"; finish 9 expired ;;
  esac
  verify_expected
  if [ -n "$BAD" ]; then say "VERIFY-FAILED$BAD"; rollback_and_finish; fi
  mid interface.checkin interface.checkin || { say "STEP-FAILED rc=1 interface.checkin: $ERR"; rollback_and_finish; }
  say CONFIRMED
  finish 0 ok
}
