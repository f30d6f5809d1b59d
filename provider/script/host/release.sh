# shellcheck shell=sh
# release.sh: take addresses we do not manage off an interface before it changes hands: a DHCP
# lease or a SLAAC address is in no state we hold, so left alone it would fail verification.

# release_dhcp NAME [KEEP...]: stop dhclient on NAME and drop its IPv4 addresses but the KEEP ones
# ("addr netmask-hex" words as f_inet prints them).
release_dhcp() {
  _rn=$1; shift
  stop_dhclient "$_rn"
  snap "$_rn"
  for _ra in $F_INET; do
    case $_ra in 0x*) continue ;; esac
    case " $* " in *" $_ra "*) ;; *) ifconfig "$_rn" inet "$_ra" -alias || return 1 ;; esac
  done
}

# stop_dhclient NAME: end the dhclient of NAME and wait until it is gone. Its pidfile is
# /var/run/dhclient/dhclient.NAME.pid: sbin/dhclient/dhclient.c main() defaults path_dhclient_pidfile to
# asprintf("%s/dhclient/dhclient.%s.pid", _PATH_VARRUN, ifname) when -p is not given, and
# libexec/rc/rc.d/dhclient sets pidfile="/var/run/dhclient/${name}.${ifn}.pid" and creates the directory
# (install -d: "/var/run/dhclient is not guaranteed to exist"). 11.x used /var/run/dhclient.NAME.pid
# (inferred from the older layout; not read here), hence the second name. dhclient has no
# SIGTERM handler, so the file stays behind, stale (sbin/dhclient/dhclient.c): a pid in it is not killed
# when ps(1) shows another command there (the number may belong to another process by now); where ps
# cannot tell (the simulator's sandbox has no /proc) it is. A new dhclient takes a
# stale file over (pidfile_open(3) locks it), but fails with "dhclient already running" while the old
# process still holds the lock: kill(1) returns before the process has exited, hence the wait (<= 5 s).
stop_dhclient() {
  for _rf in /var/run/dhclient/dhclient."$1".pid /var/run/dhclient."$1".pid; do
    [ -f "$_rf" ] || continue
    _rp=$(cat "$_rf" 2>/dev/null)
    case $_rp in '' | *[!0-9]*) continue ;; esac
    if _rc=$(ps -p "$_rp" -o command= 2>/dev/null); then case $_rc in *dhclient*) ;; *) continue ;; esac; fi
    kill "$_rp" 2>/dev/null || continue
    _rw=0
    while [ "$_rw" -lt 50 ] && kill -0 "$_rp" 2>/dev/null; do sleep 0.1; _rw=$((_rw + 1)); done
  done
}

# release_slaac NAME: drop NAME's autoconfigured IPv6 addresses.
release_slaac() {
  snap "$1"
  for _ra in $F_INET6; do
    case " $F_INET6_STATIC" in *" $_ra "*) ;; *) ifconfig "$1" inet6 "${_ra%/*}" -alias || return 1 ;; esac
  done
}

# addr_off_if_present NAME FAMILY ADDRESS: take ADDRESS (inet or inet6, no prefix) off NAME when NAME has it;
# nothing when it does not, so a rollback can undo an address hand-back that may not have happened.
# ifconfig prints an address as `<tab>inet A netmask ...` or `<tab>inet6 A[%scope] prefixlen ...`.
addr_off_if_present() {
  if ifconfig "$1" 2>/dev/null | awk -v f="$2" -v a="$3" '$1 == f && ($2 == a || index($2, a "%") == 1) { found = 1 } END { exit !found }'; then
    ifconfig "$1" "$2" "$3" -alias
  fi
}
