// Text of the bash scripts installed as the simulated host's commands (pure).
//
// All scripts run under `#!/bin/bash -p`: privileged mode skips $BASH_ENV and exported functions, so a
// session's environment cannot slow down or alter a shim.

/** Quotes a value for bash (and any POSIX shell) with single quotes. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Where a forwarding shim sends its command. */
export interface ForwardShimSpec {
  command: string;
  hostId: string;
  controlPort: number;
  /** The host's I/O directory (stdin captures go there). */
  ioDir: string;
  /** Whether the command consumes stdin; others must not touch it (a script fed to `sh -s` is on it). */
  readsStdin: boolean;
}

/**
 * A shim that forwards argv, stdin (only for stdin-reading commands, and only when stdin is not a terminal),
 * and its pid (the server reads the caller's environment from /proc/<pid>/environ) to the control server,
 * then relays stderr, stdout and the exit code. One bash start plus one loopback round trip.
 */
export function forwardShimScript(spec: ForwardShimSpec): string {
  const name = spec.command;
  const fail = (what: string): string => `{ printf '%s\\n' ${shellQuote(`${name}: ${what}`)} >&2; exit 70; }`;
  const readStdin = spec.readsStdin
    ? `if [ ! -t 0 ]; then laggsim_in=${shellQuote(spec.ioDir)}/stdin.$$; cat > "$laggsim_in" || exit 70; fi\n`
    : "";
  return `#!/bin/bash -p
# ${name}: simulated FreeBSD command (pulumi-freebsd-lagg test/sim), forwarded to the simulated kernel.
laggsim_in=
${readStdin}{ exec 3<>/dev/tcp/127.0.0.1/${spec.controlPort}; } 2>/dev/null || ${fail("simulated host is not running")}
printf '%s\\0' LAGGSIM1 run ${shellQuote(spec.hostId)} ${shellQuote(name)} "$$" "$laggsim_in" "$#" "$@" >&3
IFS= read -r -d '' laggsim_code <&3 || ${fail("simulated host closed the connection")}
IFS= read -r -d '' laggsim_err <&3
IFS= read -r -d '' laggsim_out <&3
laggsim_emit() {
  case $1 in
    i*) printf '%s' "\${1#i}" ;;
    f*) IFS= read -r -d '' laggsim_text < "\${1#f}"; printf '%s' "$laggsim_text" ;;
    c*) cat -- "\${1#c}" ;;
  esac
}
laggsim_emit "$laggsim_err" >&2
laggsim_emit "$laggsim_out"
exit "$laggsim_code"
`;
}

/**
 * lockf(1) on util-linux flock: `lockf [-knsw] [-t seconds] file command [arguments]`. The shim holds the lock
 * on fd 9 (closed for the command) while the command runs; exit 75 (EX_TEMPFAIL) when the lock is not acquired
 * in time, 64 on usage errors, 73 when the file cannot be opened; otherwise the command's status.
 */
export function lockfScript(): string {
  return `#!/bin/bash -p
# lockf(1) emulation for the simulated FreeBSD host: run a command holding an exclusive lock on a file.
usage() { echo "usage: lockf [-knsw] [-t seconds] file command [arguments]" >&2; exit 64; }
keep=0 silent=0 must_exist=0 waitsec=
while getopts ':knswt:' opt; do
  case $opt in
    k) keep=1 ;;
    n) must_exist=1 ;;
    s) silent=1 ;;
    w) ;;
    t) case $OPTARG in ''|*[!0-9]*) echo "lockf: invalid timeout \\"$OPTARG\\"" >&2; exit 64 ;; esac
       waitsec=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
file=$1; shift
if [ $must_exist = 1 ] && [ ! -e "$file" ]; then echo "lockf: cannot open $file: No such file or directory" >&2; exit 73; fi
{ exec 9>>"$file"; } 2>/dev/null || { echo "lockf: cannot open $file: Permission denied" >&2; exit 73; }
case $waitsec in
  '') flock -x 9 ;;
  0) flock -x -n 9 ;;
  *) flock -x -w "$waitsec" 9 ;;
esac || { [ $silent = 1 ] || echo "lockf: $file: already locked" >&2; exit 75; }
if command -v -- "$1" >/dev/null 2>&1; then
  "$@" 9>&-
  status=$?
else
  echo "lockf: $1: No such file or directory" >&2
  status=1
fi
[ $keep = 1 ] || rm -f -- "$file"
exit $status
`;
}

/**
 * daemon(8): run a command detached from the session (own session via setsid, SIGHUP ignored) and return at
 * once. -f sends stdio to /dev/null; -o appends the command's output to a file; without -f the original
 * stdout stays open in the detached process, as FreeBSD's daemon keeps it (an SSH exec then waits for it).
 * -p/-P write the command's pid (there is no separate supervisor). Every pid is also noted in `pidsDir` so
 * the simulator can kill detached processes at reboot and shutdown.
 */
export function daemonScript(pidsDir: string): string {
  return `#!/bin/bash -p
# daemon(8) emulation for the simulated FreeBSD host: detach a command and return at once.
usage() {
  echo "usage: daemon [-cfHrS] [-p child_pidfile] [-P supervisor_pidfile]" >&2
  echo "              [-u user] [-o output_file] [-t title]" >&2
  echo "              [-l syslog_facility] [-s syslog_priority]" >&2
  echo "              [-T syslog_tag] [-m output_mask] [-R restart_delay_secs]" >&2
  echo "command arguments ..." >&2
  exit 1
}
cd_root=0 close_fds=0 pidfile= ppidfile= outfile=
while getopts ':cfHrSp:P:o:t:T:l:s:m:u:R:' opt; do
  case $opt in
    c) cd_root=1 ;;
    f) close_fds=1 ;;
    p) pidfile=$OPTARG ;;
    P) ppidfile=$OPTARG ;;
    o) outfile=$OPTARG ;;
    H|r|S|t|T|l|s|m|R) ;;
    u) echo "daemon: -u is not supported by the simulator" >&2; exit 1 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage
if [ -n "$outfile" ]; then { : >> "$outfile"; } 2>/dev/null || { echo "daemon: open: Permission denied" >&2; exit 7; }; fi
(
  trap '' HUP
  [ $cd_root = 1 ] && cd /
  if [ $close_fds = 1 ]; then exec </dev/null >/dev/null 2>&1; elif [ -n "$outfile" ]; then exec 7>&1; fi
  [ -n "$outfile" ] && exec >>"$outfile" 2>&1
  exec setsid -- "$@"
) &
pid=$!
[ -n "$pidfile" ] && printf '%s\\n' "$pid" > "$pidfile"
[ -n "$ppidfile" ] && printf '%s\\n' "$pid" > "$ppidfile"
: > ${shellQuote(pidsDir)}/"$pid"
exit 0
`;
}
