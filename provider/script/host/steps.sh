# shellcheck shell=sh
# steps.sh: the step runner. Every change to the host goes through step, so the provider sees
# which step ran and why one failed.

FAILED=
# step WHY COMMAND...: run COMMAND, print a STEP marker, and on failure a STEP-FAILED marker with
# its exit code and stderr; $FAILED keeps the first failure. `laggport` failures only warn on
# FreeBSD 12+, so callers verify the state afterwards.
step() {
  why=$1; shift
  say "STEP $why"
  err=$("$@" 2>&1 >/dev/null)
  rc=$?
  [ "$rc" -eq 0 ] && return 0
  say "STEP-FAILED rc=$rc $why: $(printf '%s' "$err" | tr '\n' ' ')"
  [ -n "$FAILED" ] || FAILED=$why
  return 1
}
