// The outer wrapper of every script: environment, then the body under the host-wide lock.
import { shQuote } from "../shell";

/** Lines every script starts with: ignore hang-up and broken pipe, a PATH that finds FreeBSD's tools without hiding the caller's. */
export const HEADER = [
  // A client that vanishes closes sshd's end of our stdout: the next marker we print would kill the
  // script with SIGPIPE between two steps. Ignored here (and so in everything we exec), the change
  // runs to the end: applied, verified and persisted, or rolled back.
  `trap '' HUP PIPE`,
  `PATH=$PATH:/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin`,
  `export PATH`,
  `LC_ALL=C`,
  `export LC_ALL`,
];

/** Wraps a body so it runs under lockf(1) on the host-wide lock file (plain sh where lockf is missing). */
export function renderLocked(title: string, body: string, lockTimeoutSec = 60): string {
  return [
    `# pulumi-freebsd-lagg: ${title}`,
    ...HEADER,
    `LAGG_DIR="\${LAGG_STATE_DIR:-/var/db/pulumi-freebsd-lagg}"`,
    `mkdir -p "$LAGG_DIR" 2>/dev/null`,
    `LAGG_LOCK="$LAGG_DIR/lock"`,
    `export LAGG_DIR`,
    `BODY=${shQuote(body)}`,
    `if command -v lockf >/dev/null 2>&1; then exec lockf -k -t ${lockTimeoutSec} "$LAGG_LOCK" /bin/sh -c "$BODY"; fi`,
    `exec /bin/sh -c "$BODY"`,
    ``,
  ].join("\n");
}
