# shellcheck shell=sh
# snapshot.sh: one `ifconfig -v NAME` capture in $S, parsed once (fields.awk, in $FIELDS_AWK,
# which the renderer sets just above) into F_* variables, and the f_* readers the checks use.

S=
# snap NAME: capture the interface's state into $S (empty when it does not exist) and parse it.
snap() { S=$(ifconfig -v "$1" 2>/dev/null) || S=; fields; }
# lines: print the captured state.
lines() { printf '%s\n' "$S"; }

# fields: set F_* from $S with one awk run (a busy host pays per process).
fields() {
  F_PROTO='' F_HASH='' F_PORTS='' F_PRIMARY='' F_MTU='' F_UP=0 F_INET='' F_INET6='' F_INET6_STATIC='' F_OPTFLAGS=0 F_FLOWID_SHIFT='' F_RR_LIMIT=''
  [ -n "$S" ] || return 0
  _fv=$(lines | awk "$FIELDS_AWK")
  { IFS= read -r F_PROTO; IFS= read -r F_HASH; IFS= read -r F_PORTS; IFS= read -r F_PRIMARY; IFS= read -r F_MTU; IFS= read -r F_UP
    IFS= read -r F_INET; IFS= read -r F_INET6; IFS= read -r F_INET6_STATIC; IFS= read -r F_OPTFLAGS; IFS= read -r F_FLOWID_SHIFT; IFS= read -r F_RR_LIMIT; } <<FIELDS
$_fv
FIELDS
}

# The readers: each prints one field of the last snap.
f_ports() { printf '%s' "$F_PORTS"; }
f_primary() { printf '%s' "$F_PRIMARY"; }
f_proto() { printf '%s' "$F_PROTO"; }
f_hash() { printf '%s' "$F_HASH"; }
f_mtu() { printf '%s' "$F_MTU"; }
f_up() { printf '%s' "$F_UP"; }
f_descr() { lines | sed -n 's/^[[:space:]]*description: //p'; }
f_inet() { printf '%s' "$F_INET"; }
# f_inet6 [ANY]: with an argument, leave out autoconfigured (SLAAC) addresses.
f_inet6() { if [ -n "$1" ]; then printf '%s' "$F_INET6_STATIC"; else printf '%s' "$F_INET6"; fi; }
f_optflags() { printf '%s' "$F_OPTFLAGS"; }
# f_num flowid_shift|rr_limit
f_num() { case $1 in flowid_shift) printf '%s' "$F_FLOWID_SHIFT" ;; rr_limit) printf '%s' "$F_RR_LIMIT" ;; esac; }
