# shellcheck shell=sh
# session.sh: which address this SSH session arrived on, so a change never cuts its own path.

MGMT=
# session_addr: set $MGMT to the server address of $SSH_CONNECTION; false without a session.
session_addr() {
  MGMT=
  # Word splitting is the point: SSH_CONNECTION is "client-ip client-port server-ip server-port".
  # shellcheck disable=SC2086
  [ -n "$SSH_CONNECTION" ] && set -- $SSH_CONNECTION && MGMT=$3
  [ -n "$MGMT" ]
}
# holds_session NAME: whether NAME carries $MGMT (snaps NAME).
holds_session() { snap "$1"; case "$(lines)" in *"inet $MGMT "*|*"inet6 $MGMT "*) return 0 ;; esac; return 1; }
