# shellcheck shell=sh
# truenas.sh: the TrueNAS CORE path (reference §7): changes go through the middleware (midclt),
# whose next sync undoes anything its database does not hold. The renderer defines $N (the lagg),
# report (the middleware's row) and verify_expected above this file.

# Set once midclt is known to exist; read by the rendered report function.
# shellcheck disable=SC2034
MIDCLT=
ERR=
# Set by keep_session_iface: why the checkin is left to a fresh connection.
SAFEWHY=

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

# mid WHY METHOD ARGS...: a middleware call as a step; on failure $ERR says what the middleware said
# (mid_error). `Call timeout` (midclt gave up; the call may still run) sets TIMEDOUT=1.
mid() {
  say "STEP $1"; shift
  TIMEDOUT=0
  OUT=$(midclt call "$@" 2>&1) && return 0
  ERR=$(printf '%s\n' "$OUT" | mid_error)
  [ "$ERR" = "Call timeout" ] && TIMEDOUT=1
  return 1
}

# mid_error: midclt's stderr -> one line. Validation errors (`[EINVAL] attr: message`, `[ENOENT] ...`,
# no traceback): every such line. A schema error (`[lag_protocol] Invalid choice: X`) prints its one
# error first, then a traceback: the first line. Anything else with a traceback (KeyError 'lagg0',
# lag_setup's OSError): the traceback's last line, `Type: message`. Without one: the last line.
# (midclt's output shapes: middlewared/client/client.py, TN-13.3; see test/sim/truenas/errors.ts.)
mid_error() {
  awk '
    /^\[E[A-Z]+\] / { v = v (v == "" ? "" : "; ") $0; next }
    NR == 1 { first = $0 }
    /^Traceback / { tb = 1 }
    NF { last = $0 }
    END {
      if (v != "") print v
      else if (tb && first ~ /^\[[a-z_.0-9]+\] /) print first
      else print last
    }'
}

# fp: a fingerprint of the lagg's live state, to tell whether a rollback restored it; the capability
# flags too (`options=...<RXCSUM,...>`): turning offload back on enables every capability, and a
# rollback does not undo it (plugins/network.py do_update, TN-13.3).
fp() { snap "$N"; printf '%s|' "$(f_proto)" "$(f_ports)" "$(f_primary)" "$(f_mtu)" "$(f_descr)" "$(f_inet)" "$(f_inet6)" "$(lines | sed -n 's/^[[:space:]]*options=//p')"; }

# pending: whether the middleware holds uncommitted (or not checked-in) network changes.
pending() { [ "$(midclt call interface.has_pending_changes 2>/dev/null)" = True ]; }

# refused_after_write WHAT: a create/update/delete call failed. Validation errors come before the
# database write; KeyError (offload on a lagg not yet in the kernel) and the like after it, leaving the
# edit pending, which would refuse every later run: roll it back (preflight made sure nothing else was
# pending). Exit 4 either way: the kernel was not touched.
refused_after_write() {
  why=$ERR
  if pending; then mid interface.rollback interface.rollback || say "STEP-FAILED rc=1 interface.rollback: $ERR"; fi
  say "PREFLIGHT the TrueNAS middleware refused $1: $why"
  finish 4 preflight
}

# wait_commit: after `Call timeout` from interface.commit the commit still runs (lag_setup's link
# waits). Never roll back over it: wait until it armed its checkin timer (success) or nothing is
# pending any more (it failed and rolled itself back). 0 = committed; 1 = failed; 2 = still running
# after LIMIT seconds (default $COMMIT_WAIT, set by the renderer: 300).
wait_commit() {
  _w=0
  while [ "$_w" -lt "${1:-${COMMIT_WAIT:-300}}" ]; do
    W=$(midclt call interface.checkin_waiting 2>/dev/null)
    case "$W" in ""|null|None) ;; *) return 0 ;; esac
    pending || return 1
    sleep 1; _w=$((_w + 1))
    [ $((_w % 15)) = 0 ] && say "PROGRESS interface.commit still running after $_w s (waiting up to ${1:-${COMMIT_WAIT:-300}} s)"
  done
  return 2
}

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
  # The commit's lag_setup waits for the lagg's link (up to 10 s per lagg, plugins/network.py, TN-13.3):
  # say so before it, so the log does not fall silent.
  say "PROGRESS committing through the TrueNAS middleware (interface.commit; its link setup takes up to about 10 s)"
  if ! mid "interface.commit (rollback armed, checkin within $1 s)" interface.commit "{\"rollback\":true,\"checkin_timeout\":$1}"; then
    ok=0
    if [ "$TIMEDOUT" = 1 ]; then
      say "STEP interface.commit is still running after midclt's call timeout: waiting for it to finish"
      wait_commit; _c=$?
      if [ "$_c" = 0 ]; then ok=1
      elif [ "$_c" = 2 ]; then
        # Not rolled back over a running commit, and not checked in: the outcome is the middleware's, not known here.
        say "STEP-FAILED rc=1 interface.commit: still running after ${COMMIT_WAIT:-300} s more, so the outcome is unknown: it was neither rolled back over nor checked in (once the commit finishes, TrueNAS's checkin timer rolls it back unless someone checks it in). To find out, run on the host: midclt call interface.checkin_waiting (a number: the commit finished and waits that many seconds for its checkin; run midclt call interface.checkin to keep it, or let the timer roll it back; null with midclt call interface.has_pending_changes answering False: it is over), then pulumi refresh"
        finish 10 unknown
      else say "STEP-FAILED rc=1 interface.commit: the commit failed after midclt's call timeout and TrueNAS rolled it back (see middlewared.log)"
      fi
    else say "STEP-FAILED rc=1 interface.commit: $ERR"
    fi
  fi
  if [ "$ok" = 1 ]; then settle_steps || ok=0; fi
  if [ "$ok" = 1 ]; then verify_expected; if [ -n "$BAD" ]; then ok=0; say "VERIFY-FAILED$BAD"; fi; fi
  # The LACP gate (host/lacp-gate.sh, issue 10): never check in a lagg without LACP partners.
  if [ "$ok" = 1 ]; then lacp_wait || ok=0; fi
  if [ "$ok" = 1 ] && [ "$SAFE" = 1 ]; then say "SAFE-APPLY the SSH session arrives on $MGMT${SAFEWHY:-, which this change touches}: interface.checkin is left to a fresh connection (TrueNAS's checkin timer is armed: it rolls back in $1 s otherwise)"; finish 7 pending; fi
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
      # Pending without a timer: the session may have dropped during a commit that still runs (its link
      # waits): wait for it (lag_setup waits up to 10 s per lagg) before deciding; never roll back over it.
      _c=1; if pending; then wait_commit 20; _c=$?; fi
      if [ "$_c" = 2 ]; then say "STEP-FAILED rc=1 interface.commit: the session was lost before the change was committed"; rollback_and_finish; fi
      if [ "$_c" = 1 ]; then
        verify_expected; if [ -z "$BAD" ]; then say CONFIRMED; finish 0 ok; fi
        say "CONFIRM-EXPIRED TrueNAS's checkin timer rolled the change back before it was checked in"; finish 9 expired
      fi ;;
  esac
  verify_expected
  if [ -n "$BAD" ]; then say "VERIFY-FAILED$BAD"; rollback_and_finish; fi
  mid interface.checkin interface.checkin || { say "STEP-FAILED rc=1 interface.checkin: $ERR"; rollback_and_finish; }
  say CONFIRMED
  finish 0 ok
}

# keep_session_iface CONSENT PORTS...: no lockout. The middleware's commit unconfigures every interface
# without a database row once any row exists (plugins/network.py sync, ~2019-2030, TN-13.3; a fresh
# install has none), the one carrying this session included. When the session's interface ($SIF) has
# no row and is neither the lagg nor one of its ports (those are the change itself: SAFE covers them):
# CONSENT=1 records it as it is configured now, as the middleware would (DHCP when dhclient runs on it,
# else its address), and leaves the checkin to a fresh connection; otherwise refuse in preflight.
keep_session_iface() {
  _consent=$1; shift
  SIF=
  session_addr || return 0
  for _i in $(ifconfig -l); do holds_session "$_i" && { SIF=$_i; break; }; done
  [ -n "$SIF" ] && [ "$SIF" != "$N" ] || return 0
  for _p in "$@"; do [ "$_p" = "$SIF" ] && return 0; done
  # A row exists when the entry carries the row's description (null without one: iface_extend).
  _row=$(midclt call interface.query "[[\"id\",\"=\",\"$SIF\"],[\"description\",\"!=\",null]]" 2>/dev/null)
  case "$_row" in \[\{*) return 0 ;; esac
  if [ "$_consent" != 1 ]; then
    say "PREFLIGHT the SSH session arrives on $MGMT via $SIF, which has no row in the TrueNAS interface database (as after a fresh install): the middleware's commit unconfigures every interface without a row, so this change would cut the host off the network. Set truenasKeepManagementInterface: true to let this change record $SIF in the middleware as it is configured now, or configure $SIF under Network > Interfaces in the TrueNAS UI first"
    finish 4 preflight
  fi
  # DHCP: what the middleware reports (with an empty database every NIC is on DHCP: ix-netif's
  # autoconfigure), or a dhclient pidfile for it.
  _dhcp=0
  case "$(midclt call interface.query "[[\"id\",\"=\",\"$SIF\"]]" 2>/dev/null)" in *'"ipv4_dhcp": true'*|*'"ipv4_dhcp":true'*) _dhcp=1 ;; esac
  [ -f "/var/run/dhclient/dhclient.$SIF.pid" ] && _dhcp=1
  if [ "$_dhcp" = 1 ]; then
    # With an empty database every NIC counts as DHCP, so ipv4_dhcp on one is refused ("Only one
    # interface can be used for DHCP") until a first row exists: write the row, then turn DHCP on.
    mid "record $SIF in the middleware (keep the management interface)" interface.update "$SIF" '{"ipv4_dhcp":false,"aliases":[]}' || refused_after_write "interface.update $SIF"
    mid "keep DHCP on $SIF" interface.update "$SIF" '{"ipv4_dhcp":true}' || refused_after_write "interface.update $SIF"
  else
    _len=$(ifconfig "$SIF" | awk -v a="$MGMT" '
      $1 == "inet" && $2 == a { h = tolower($4); sub(/^0x/, "", h); n = 0
        for (i = 1; i <= length(h); i++) { d = index("0123456789abcdef", substr(h, i, 1)) - 1; while (d > 0) { n += d % 2; d = int(d / 2) } }
        print n; exit }
      $1 == "inet6" && $2 == a { print $4; exit }')
    _type=INET; case "$MGMT" in *:*) _type=INET6 ;; esac
    mid "record $SIF with $MGMT/$_len in the middleware (keep the management interface)" interface.update "$SIF" "{\"ipv4_dhcp\":false,\"aliases\":[{\"type\":\"$_type\",\"address\":\"$MGMT\",\"netmask\":${_len:-24}}]}" || refused_after_write "interface.update $SIF"
  fi
  SAFE=1
  SAFEWHY=" via $SIF, which this change recorded in the middleware"
}

# clear_port_rows PORTS...: before the lagg takes them, the joining ports' own rows lose their addresses
# and DHCP (what __set_lag_ports clears anyway, plugins/network.py 1450, TN-13.3-U1.2), in the same
# pending change: the lagg's own validation runs first and refuses an address whose network a port's row
# still holds (__validate_aliases), or DHCP while a port's row has it. A rollback restores them.
clear_port_rows() {
  for _p in "$@"; do
    mid "interface.update $_p: clear its addresses and DHCP, which a port of $N cannot keep (recorded, given back when it leaves)" \
      interface.update "$_p" '{"aliases":[],"ipv4_dhcp":false,"ipv6_auto":false}' || refused_after_write "interface.update $_p"
  done
}
