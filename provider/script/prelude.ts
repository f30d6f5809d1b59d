// Shell functions every rendered script starts with: markers, a state snapshot, and field
// extractors over `ifconfig -v` text (FreeBSD 11-15 layouts; leading whitespace may be tabs or spaces).

/**
 * Defines: say (a marker line), snap (capture `ifconfig -v NAME` into $S), the f_* field
 * extractors, want/want_bit (compare and record a mismatch in $BAD), release_dhcp (stop dhclient
 * on an interface and drop its IPv4 addresses but the ones listed: a lease is in no state we hold),
 * release_slaac (drop an interface's autoconfigured IPv6 addresses),
 * and step (run one command, recording its stderr; `laggport` failures only warn on 12+, so callers
 * verify state afterwards).
 */
export const PRELUDE = String.raw`say() { printf '%s %s\n' "$M" "$*"; }
S=
snap() { S=$(ifconfig -v "$1" 2>/dev/null) || S=; }
lines() { printf '%s\n' "$S"; }
f_ports() { lines | sed -n 's/^[[:space:]]*laggport: \([^ ]*\) .*/\1/p' | sort | tr '\n' ' '; }
f_primary() { lines | sed -n '/^[[:space:]]*laggport: .*<[^>]*MASTER/s/^[[:space:]]*laggport: \([^ ]*\) .*/\1/p'; }
f_proto() { lines | sed -n 's/^[[:space:]]*laggproto \([^ ]*\).*/\1/p'; }
f_hash() { lines | sed -n 's/^[[:space:]]*laggproto [^ ]* lagghash \([^ ]*\).*/\1/p'; }
f_mtu() { lines | sed -n '1s/.* mtu \([0-9]*\).*/\1/p'; }
f_up() { case ",$(lines | sed -n '1s/^[^<]*<\([^>]*\)>.*/\1/p')," in *,UP,*) echo 1 ;; *) echo 0 ;; esac; }
f_descr() { lines | sed -n 's/^[[:space:]]*description: //p'; }
f_inet() { lines | sed -n 's/^[[:space:]]*inet \([0-9.]*\) netmask \(0x[0-9a-fA-F]*\).*/\1 \2/p' | sort | tr '\n' ' '; }
f_inet6() { lines | sed -n "$1"'s/^[[:space:]]*inet6 \([0-9a-fA-F:]*\) prefixlen \([0-9]*\).*/\1\/\2/p' | sort | tr '\n' ' '; }
f_optflags() { v=$(lines | sed -n 's/^[[:space:]][[:space:]]*flags=\([0-9a-fA-F]*\).*/\1/p' | head -n 1); [ -n "$v" ] || v=0; echo "$v"; }
f_num() { lines | sed -n 's/^[[:space:]]*'"$1"': \([0-9]*\).*/\1/p'; }
BAD=
want() { if [ "$2" != "$3" ]; then BAD="$BAD $1"; say "MISMATCH $1 expected=[$2] actual=[$3]"; fi; }
want_bit() { if [ $(( 0x$(f_optflags) & $2 )) -ne 0 ]; then b=1; else b=0; fi; want "$1" "$3" "$b"; }
want_has() { case " $3" in *" $2 "*) ;; *) BAD="$BAD $1"; say "MISMATCH $1 expected=[$2] actual=[$3]" ;; esac; }
release_dhcp() {
  _rn=$1; shift
  for _rf in /var/run/dhclient/dhclient."$_rn".pid /var/run/dhclient."$_rn".pid; do [ -f "$_rf" ] && kill "$(cat "$_rf")" 2>/dev/null; done
  snap "$_rn"
  for _ra in $(lines | sed -n 's/^[[:space:]]*inet \([0-9.]*\) .*/\1/p'); do
    case " $* " in *" $_ra "*) ;; *) ifconfig "$_rn" inet "$_ra" -alias || return 1 ;; esac
  done
}
release_slaac() {
  snap "$1"
  for _ra in $(lines | sed -n 's/^[[:space:]]*inet6 \([0-9a-fA-F:]*\) prefixlen [0-9]* .*autoconf.*/\1/p'); do
    ifconfig "$1" inet6 "$_ra" -alias || return 1
  done
}
FAILED=
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
`;
