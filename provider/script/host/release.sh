# shellcheck shell=sh
# release.sh: take addresses we do not manage off an interface before it changes hands: a DHCP
# lease or a SLAAC address is in no state we hold, so left alone it would fail verification.

# release_dhcp NAME [KEEP...]: stop dhclient on NAME and drop its IPv4 addresses but the KEEP ones
# ("addr netmask-hex" words as f_inet prints them).
release_dhcp() {
  _rn=$1; shift
  for _rf in /var/run/dhclient/dhclient."$_rn".pid /var/run/dhclient."$_rn".pid; do [ -f "$_rf" ] && kill "$(cat "$_rf")" 2>/dev/null; done
  snap "$_rn"
  for _ra in $F_INET; do
    case $_ra in 0x*) continue ;; esac
    case " $* " in *" $_ra "*) ;; *) ifconfig "$_rn" inet "$_ra" -alias || return 1 ;; esac
  done
}

# release_slaac NAME: drop NAME's autoconfigured IPv6 addresses.
release_slaac() {
  snap "$1"
  for _ra in $F_INET6; do
    case " $F_INET6_STATIC" in *" $_ra "*) ;; *) ifconfig "$1" inet6 "${_ra%/*}" -alias || return 1 ;; esac
  done
}
