# shellcheck shell=sh
# lacp-gate.sh: an lacp lagg is a success only once every port has a real partner (issue 10). A
# switch whose ports are not an LACP port-channel leaves the lagg up but passing no traffic, so the
# change must fail (and roll back) instead of reporting success. The renderer may set $LACP_WAIT
# (the lacpTimeout in seconds; unset or 0 = do not wait) and $LINK_SETTLE (seconds to wait for
# carrier, other protocols); $N is the lagg.

# lacp_pending: print (space-separated) the ports in the last snap that have no partner yet.
# Negotiated = port flags include COLLECTING and DISTRIBUTING and the actor state has no DEFAULTED.
# On 12, 13 and 14 a port without a partner is DEFAULTED and in no aggregator, strict or not (lacp_select
# skips DEFAULTED ports: flags=0<>); a kernel without that check (10.4) with lacp_strict off shows the
# optimistic admin partner (ACTIVE,COLLECTING,DISTRIBUTING with DEFAULTED) instead, and the switch still
# aggregates nothing (sys/net/ieee8023ad_lacp.c; provider/lacp-status.ts).
lacp_pending() {
  lines | awk '{ l = $0; sub(/^[ \t]+/, "", l); n = split(l, w, " ") }
    w[1] == "laggport:" {
      f = ""; s = ""
      for (i = 3; i <= n; i++) { if (w[i] ~ /^flags=/) f = w[i]; else if (w[i] ~ /^state=/) s = w[i] }
      if (f !~ /COLLECTING/ || f !~ /DISTRIBUTING/ || s ~ /DEFAULTED/) printf "%s ", w[2]
    }'
}

# lacp_gate SECONDS: poll `ifconfig -v $N` about twice a second until every port negotiated; print
# an LACP-WAIT marker (elapsed, limit, ports) at most once a second meanwhile. Leaves the final
# state in $S. Gives up once SECONDS have passed (date(1) has whole seconds: within one second
# before the limit) with a STEP-FAILED naming the ports, and returns 1.
lacp_gate() {
  _lg_start=$(date +%s); _lg_said=
  while :; do
    snap "$N"
    _lg_p=$(lacp_pending)
    [ -n "$_lg_p" ] || return 0
    _lg_now=$(date +%s)
    [ $((_lg_now - _lg_start)) -lt "$1" ] || break
    if [ "$_lg_now" != "$_lg_said" ]; then say "LACP-WAIT $((_lg_now - _lg_start)) $1 $_lg_p"; _lg_said=$_lg_now; fi
    sleep 0.5
  done
  _lg_p=$(printf '%s' "$_lg_p" | sed 's/ $//; s/ /, /g')
  say "STEP-FAILED rc=1 lacp: no LACP partner on $_lg_p after $1 s (lacpTimeout): the switch ports must be configured as an LACP port-channel (LACP active or passive, not a static LAG), or check the cabling"
  [ -n "$FAILED" ] || FAILED=lacp
  return 1
}

# lacp_wait: the gate as apply and TrueNAS call it after the change verified: the LACP gate when
# $LACP_WAIT is set, else a bounded wait for carrier when $LINK_SETTLE is; nothing otherwise.
# Fails only when the gate does. $S holds the state to report when it did anything.
lacp_wait() {
  if [ "${LACP_WAIT:-0}" -gt 0 ]; then lacp_gate "$LACP_WAIT"; return; fi
  if [ "${LINK_SETTLE:-0}" -gt 0 ]; then link_settle "$LINK_SETTLE"; fi
  return 0
}

# link_settle SECONDS: other protocols, after ports were added: wait (bounded) until the lagg has
# carrier (`status: active`), so the status read afterwards shows the ports that carry traffic.
# Never fails: a port without link is not an error of the change. Leaves the final state in $S.
link_settle() {
  _ls_i=0
  while :; do
    snap "$N"
    case $S in *"status: active"*) return 0 ;; esac
    _ls_i=$((_ls_i + 1)); [ "$_ls_i" -le $(($1 * 2)) ] || return 0
    sleep 0.5
  done
}
