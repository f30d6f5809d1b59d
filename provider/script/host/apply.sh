# shellcheck shell=sh
# apply.sh: the rc.conf path of a create/update/delete. The renderer defines what varies above
# this file: $N (the lagg), apply_steps, rollback_steps, persist_snapshot/persist_apply/
# persist_restore, verify_expected, verify_restored and report_persist.

# The state just verified is still the state (persisting touches only rc.conf): finish prints it
# again rather than ask ifconfig once more.
VERIFIED_S=
PRIOR_DOWN=
RC_TOUCHED=

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

# rc_open NAMES (an ERE: a|b|c): begin an all-or-nothing rc.conf edit. sysrc(8) rewrites the file
# once per variable (f_sysrc_set/f_sysrc_delete, usr.sbin/bsdconfig/share/sysrc.subr), so a reboot
# between two variables of a change (the management address leaving ifconfig_em0 for ifconfig_lagg0)
# would boot half of it. rc_sysrc edits a copy beside the first rc_conf_files file ($RC_NEW: sysrc -f
# reads and writes only it) and rc_commit renames it over the original: the old file or the new one,
# never half. In place instead, one variable at a time as sysrc does, when another rc_conf_files file
# (rc.conf.local) assigns one of NAMES (sysrc edits the file of the last assignment; a line added to the
# copy would lose to it at boot), or the file is missing or a symbolic link. /etc/rc.conf.d/* is read by
# neither sysrc nor us. Runs under the host-wide lock; a sysrc by hand at the same time may be lost.
rc_open() {
  RC_MAIN=''; RC_NEW=''; RC_TOUCHED=1
  rc_files=$(sysrc -n rc_conf_files 2>/dev/null) || rc_files=
  for f in $rc_files; do
    if [ -z "$RC_MAIN" ]; then RC_MAIN=$f
    elif [ "$f" != "$RC_MAIN" ] && grep -Eqs "^[[:space:]]*($1)=" "$f"; then return 0; fi
  done
  if [ -z "$RC_MAIN" ] || [ ! -f "$RC_MAIN" ] || [ -L "$RC_MAIN" ]; then return 0; fi
  RC_NEW="$RC_MAIN.lagg-new"
  rm -f "$RC_NEW"
  if cp -p "$RC_MAIN" "$RC_NEW" 2>/dev/null; then RC_TOUCHED=; else RC_NEW=; fi
}
# rc_sysrc ARGS...: sysrc on the copy, or in place (then $RC_TOUCHED: persist_restore has work to do).
rc_sysrc() {
  if [ -n "$RC_NEW" ]; then sysrc -f "$RC_NEW" "$@"; else sysrc "$@"; fi
}
# rc_commit: put the edited copy in place (rename(2) in one directory); rc_abandon: drop it.
rc_commit() { [ -z "$RC_NEW" ] || mv -f "$RC_NEW" "$RC_MAIN"; }
rc_abandon() { [ -z "$RC_NEW" ] || rm -f "$RC_NEW"; }
# rc_touched: true when an edit began in place (a copy is untouched until rc_commit, its last step).
rc_touched() { [ "$RC_TOUCHED" = 1 ]; }

# port_dhcp PORT: what boot does for a port whose own line asks for DHCP (network.subr ifconfig_up):
# up, then dhclient in the background (rc.d/dhclient's -b). Best effort, never fails the change: a port
# without link makes dhclient give up after about 10 s, and devd starts it again at the next link-up.
port_dhcp() { ifconfig "$1" up; dhclient -b "$1" >/dev/null 2>&1; return 0; }

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
