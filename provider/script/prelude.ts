// Shell functions every rendered script starts with: markers, a state snapshot, and field
// extractors over `ifconfig -v` text (FreeBSD 11-15 layouts; leading whitespace may be tabs or spaces).

/**
 * Defines: say (a marker line), snap (capture `ifconfig -v NAME` into $S and parse every field
 * the checks compare into F_* with one awk run: a busy host pays per process), the f_* field
 * readers (f_inet6 with any argument leaves out autoconfigured addresses), want/want_bit (compare and record a mismatch in $BAD), release_dhcp (stop dhclient
 * on an interface and drop its IPv4 addresses but the ones listed: a lease is in no state we hold),
 * release_slaac (drop an interface's autoconfigured IPv6 addresses), session_addr (set $MGMT to
 * the address the SSH session arrived on; false without one), holds_session (whether an interface
 * carries $MGMT),
 * and step (run one command, recording its stderr; `laggport` failures only warn on 12+, so callers
 * verify state afterwards).
 */
export const PRELUDE = String.raw`say() { printf '%s %s\n' "$M" "$*"; }
S=
snap() { S=$(ifconfig -v "$1" 2>/dev/null) || S=; fields; }
lines() { printf '%s\n' "$S"; }
FIELDS_AWK='
function sorted(a, n,   i, j, t, out) {
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && ("x" a[j]) > ("x" t); j--) a[j + 1] = a[j]; a[j + 1] = t }
  out = ""; for (i = 1; i <= n; i++) out = out a[i] " "; return out
}
NR == 1 {
  if (match($0, / mtu [0-9]+/)) mtu = substr($0, RSTART + 5, RLENGTH - 5)
  if (match($0, /<[^>]*>/) && index("," substr($0, RSTART + 1, RLENGTH - 2) ",", ",UP,")) up = 1
  next
}
{ l = $0; sub(/^[ \t]+/, "", l); split(l, w, " ") }
w[1] == "laggproto" { if (proto == "") { proto = w[2]; if (w[3] == "lagghash") hash = w[4] } ; next }
w[1] == "laggport:" { port[++np] = w[2]; if (primary == "" && l ~ /<[^>]*MASTER/) primary = w[2]; next }
w[1] == "inet" && w[2] ~ /^[0-9.]+$/ && w[3] == "netmask" && w[4] ~ /^0x[0-9a-fA-F]+$/ { v4[++n4] = w[2] " " w[4]; next }
w[1] == "inet6" && w[2] ~ /^[0-9a-fA-F:]+$/ && w[3] == "prefixlen" && w[4] ~ /^[0-9]+$/ {
  v6[++n6] = w[2] "/" w[4]; if (l !~ / autoconf/) v6s[++n6s] = w[2] "/" w[4]; next
}
opt == "" && $0 ~ /^[ \t]/ && l ~ /^flags=[0-9a-fA-F]/ { opt = substr(l, 7); sub(/[^0-9a-fA-F].*$/, "", opt); next }
w[1] == "flowid_shift:" && fsh == "" { fsh = w[2]; sub(/[^0-9].*$/, "", fsh); next }
w[1] == "rr_limit:" && rrl == "" { rrl = w[2]; sub(/[^0-9].*$/, "", rrl); next }
END {
  print proto; print hash; print sorted(port, np); print primary; print mtu; print up + 0
  print sorted(v4, n4); print sorted(v6, n6); print sorted(v6s, n6s); print (opt == "" ? 0 : opt); print fsh; print rrl
}'
fields() {
  F_PROTO= F_HASH= F_PORTS= F_PRIMARY= F_MTU= F_UP=0 F_INET= F_INET6= F_INET6_STATIC= F_OPTFLAGS=0 F_FLOWID_SHIFT= F_RR_LIMIT=
  [ -n "$S" ] || return 0
  _fv=$(lines | awk "$FIELDS_AWK")
  { IFS= read -r F_PROTO; IFS= read -r F_HASH; IFS= read -r F_PORTS; IFS= read -r F_PRIMARY; IFS= read -r F_MTU; IFS= read -r F_UP
    IFS= read -r F_INET; IFS= read -r F_INET6; IFS= read -r F_INET6_STATIC; IFS= read -r F_OPTFLAGS; IFS= read -r F_FLOWID_SHIFT; IFS= read -r F_RR_LIMIT; } <<FIELDS
$_fv
FIELDS
}
f_ports() { printf '%s' "$F_PORTS"; }
f_primary() { printf '%s' "$F_PRIMARY"; }
f_proto() { printf '%s' "$F_PROTO"; }
f_hash() { printf '%s' "$F_HASH"; }
f_mtu() { printf '%s' "$F_MTU"; }
f_up() { printf '%s' "$F_UP"; }
f_descr() { lines | sed -n 's/^[[:space:]]*description: //p'; }
f_inet() { printf '%s' "$F_INET"; }
f_inet6() { if [ -n "$1" ]; then printf '%s' "$F_INET6_STATIC"; else printf '%s' "$F_INET6"; fi; }
f_optflags() { printf '%s' "$F_OPTFLAGS"; }
f_num() { case $1 in flowid_shift) printf '%s' "$F_FLOWID_SHIFT" ;; rr_limit) printf '%s' "$F_RR_LIMIT" ;; esac; }
BAD=
want() { if [ "$2" != "$3" ]; then BAD="$BAD $1"; say "MISMATCH $1 expected=[$2] actual=[$3]"; fi; }
want_bit() { if [ $(( 0x$(f_optflags) & $2 )) -ne 0 ]; then b=1; else b=0; fi; want "$1" "$3" "$b"; }
want_has() { case " $3" in *" $2 "*) ;; *) BAD="$BAD $1"; say "MISMATCH $1 expected=[$2] actual=[$3]" ;; esac; }
release_dhcp() {
  _rn=$1; shift
  for _rf in /var/run/dhclient/dhclient."$_rn".pid /var/run/dhclient."$_rn".pid; do [ -f "$_rf" ] && kill "$(cat "$_rf")" 2>/dev/null; done
  snap "$_rn"
  for _ra in $F_INET; do
    case $_ra in 0x*) continue ;; esac
    case " $* " in *" $_ra "*) ;; *) ifconfig "$_rn" inet "$_ra" -alias || return 1 ;; esac
  done
}
release_slaac() {
  snap "$1"
  for _ra in $F_INET6; do
    case " $F_INET6_STATIC" in *" $_ra "*) ;; *) ifconfig "$1" inet6 "${"$"}{_ra%/*}" -alias || return 1 ;; esac
  done
}
MGMT=
session_addr() { MGMT=; [ -n "$SSH_CONNECTION" ] && set -- $SSH_CONNECTION && MGMT=$3; [ -n "$MGMT" ]; }
holds_session() { snap "$1"; case "$(lines)" in *"inet $MGMT "*|*"inet6 $MGMT "*) return 0 ;; esac; return 1; }
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
