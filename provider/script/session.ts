// Session detection, rendered: which interfaces and addresses this change touches, checked against
// the address the SSH session arrived on (session_addr/holds_session in host/session.sh).
import { shQuote } from "../shell";

/** Preflight: refuse when `$SSH_CONNECTION`'s server address is on `name`. */
export function renderSessionGuard(name: string): string {
  const why = `, an address of ${name}: deleting ${name} would cut this session and every client on that path off the host. Move the management address to another interface first, or set safeApply: false to delete it anyway`;
  return `if session_addr && holds_session ${shQuote(name)}; then say "PREFLIGHT the SSH session arrives on $MGMT"${shQuote(why)}; finish 4 preflight; fi`;
}

/**
 * Sets SAFE=1 when the session arrives on one of `targets` or on one of `addresses` (which the
 * change adds or removes); $MGMT is then that address.
 */
export function renderSessionTouch(sa: { targets: readonly string[]; addresses: readonly string[] }): string {
  return [
    `SAFE=0`,
    `if session_addr; then`,
    `  for t in ${sa.targets.map(shQuote).join(" ")}; do holds_session "$t" && SAFE=1; done`,
    `  MOVED=${shQuote(` ${sa.addresses.join(" ")} `)}`,
    `  case "$MOVED" in *" $MGMT/"*) SAFE=1 ;; esac`,
    `fi`,
  ].join("\n");
}
