# shellcheck shell=sh
# dhcp-lease.sh: starting DHCP on the lagg is a success only with a lease (issue 10): a lagg that
# waits forever for one, holding dhclient-script's 0.0.0.0 alias, is no network either.

# dhcp_lease NAME [SECONDS]: start dhclient(8) on NAME in the background (-b, so nothing here waits
# on its 60 s DISCOVER loop) and wait up to SECONDS (default 30) for a lease: an IPv4 address other
# than the PREINIT 0.0.0.0. No lease (no link: dhclient gives up and exits after ~11 s; or no DHCP
# server answered) fails the step, naming DHCP and the lease, with nothing left behind: release_dhcp
# (host/release.sh) stops the daemon and removes the 0.0.0.0 alias; the rollback does the rest.
dhcp_lease() {
  _dn=$1; _dw=${2:-30}; _di=0; _dr="within $_dw s (no DHCP server answered, or no link)"
  if dhclient -b "$_dn" >/dev/null 2>&1; then
    while :; do
      snap "$_dn"
      for _da in $F_INET; do case $_da in 0.0.0.0|0x*) ;; *) return 0 ;; esac; done
      # dhclient exited (it gave up waiting for link): no lease will come.
      if _dp=$(cat /var/run/dhclient/dhclient."$_dn".pid 2>/dev/null) && ! kill -0 "$_dp" 2>/dev/null; then _dr="(dhclient gave up: no link on $_dn)"; break; fi
      _di=$((_di + 1)); [ "$_di" -le $((_dw * 2)) ] || break
      sleep 0.5
    done
  else
    _dr="(dhclient failed to start; no link on $_dn?)"
  fi
  release_dhcp "$_dn"
  echo "DHCP: no lease on $_dn $_dr; dhclient was stopped and its 0.0.0.0 address removed" >&2
  return 1
}
