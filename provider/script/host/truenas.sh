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
