// Text of the guard scripts that stand in front of the system's sed, grep, date, readlink and awk on a
// simulated host (pure). The simulator's userland is Debian's (GNU sed/grep/coreutils, mawk/gawk), which
// accepts forms FreeBSD's tools refuse or read differently; a host script that used one would pass here and
// fail on a real box. Each guard parses its arguments as the FreeBSD tool does (its getopt string, read from
// the source named below), refuses what that tool refuses with its message and exit status, refuses the GNU
// forms that FreeBSD would silently misread, and otherwise runs the system's tool unchanged.
//
// Sources (freebsd-src): usr.bin/sed/main.c `getopt(argc, argv, "EI:ae:f:i:lnru")` (-i takes a required
// extension argument; usage() exits 1); usr.bin/grep/grep.c optstr
// "0123456789A:B:C:D:EFGHILOPSRUVabcd:e:f:hilm:nopqrsuvwxyz" (-P is "no symlinks followed" with -R, not Perl
// regular expressions; usage() exits 2); bin/date/date.c `getopt(argc, argv, "f:I::jnRr:uv:z:")` (no -d/--date:
// FreeBSD's way is -j -f or -v); usr.bin/stat/stat.c readlink mode `options = "fn"` (-f exists, -e/-m do not).
// getopt(3) answers an unknown letter, or the `-` of a GNU long option, with "illegal option -- X" and the tool's
// usage. awk is the one-true-awk (contrib/one-true-awk): no gensub/asort/asorti/patsplit (a call is a syntax
// error) and no GNU options; it only warns "unknown option ... ignored" for those, which the guard refuses
// outright (a GNU option there means the script expected GNU awk). The usage texts are abridged (inferred).
import { shellQuote } from "./shim-scripts";

/** One guarded tool: FreeBSD's getopt string, its usage line and status, and checks of its own. */
interface GuardSpec {
  optstring: string;
  usage: string;
  status: number;
  /** bash run for each option letter ($laggsim_c) and its argument ($laggsim_arg; $laggsim_sep=1 when it was the next word). */
  onOption?: string;
  /** Whether a `--long` option is refused (getopt(3): "illegal option -- -"). */
  refuseLong: boolean;
}

const GUARDS: Readonly<Record<string, GuardSpec>> = {
  sed: {
    optstring: "EI:ae:f:i:lnru",
    usage: "usage: sed script [-EIalnru] [-i extension] [file ...]\n\tsed [-Ealnu] [-i extension] [-e script] ... [-f script_file] ... [file ...]",
    status: 1,
    refuseLong: true,
    // GNU `sed -i 's/a/b/' f` or `sed -i -e ...`: FreeBSD takes the script (or "-e") as the backup extension and
    // then the file name as the script. An extension is a file-name suffix: '' or like ".bak". A FreeBSD
    // `-i EXT` (EXT the next word) is handed to GNU sed as `-iEXT`, its spelling of the same edit (`-I`, which
    // GNU sed lacks, as `-i`: the line numbers spanning files are not kept, inferred to be unused).
    onOption: `if [ "$laggsim_c" = i ] || [ "$laggsim_c" = I ]; then
  case $laggsim_sep:$laggsim_arg in
    1:-* | 1:*[[:space:]/\\;{}!]*) laggsim_fail "sed: -$laggsim_c takes an extension argument on FreeBSD (use -$laggsim_c '' for none): '$laggsim_arg' would be read as the extension (GNU sed's -$laggsim_c without one)" ;;
  esac
  laggsim_join=1
fi`,
  },
  grep: {
    optstring: "0123456789A:B:C:D:EFGHILOPSRUVabcd:e:f:hilm:nopqrsuvwxyz",
    usage: "usage: grep [-abcdDEFGHhIiLlmnOopqRSsUVvwxz] [-A num] [-B num] [-C[num]]\n\t[-e pattern] [-f file] [--binary-files=value] [--color=when]\n\t[--context[=num]] [--directories=action] [--label] [--line-buffered]\n\t[--null] [pattern] [file ...]",
    status: 2,
    // bsdgrep has some long options, not GNU grep's set: a host script uses none.
    refuseLong: true,
    onOption: `if [ "$laggsim_c" = P ]; then
  laggsim_fail "grep: -P is not a Perl regular expression on FreeBSD (bsdgrep: -P = do not follow symbolic links with -R): refused"
fi`,
  },
  date: {
    optstring: "f:I::jnRr:uv:z:",
    usage: "usage: date [-jnRu] [-I[date|hours|minutes|seconds|ns]] [-f input_fmt]\n            [ -z output_zone ] [-r filename|seconds] [-v[+|-]val[y|m|w|d|H|M|S]]\n            [[[[[[cc]yy]mm]dd]HH]MM[.SS] | new_date] [+output_fmt]",
    status: 1,
    refuseLong: true,
  },
  readlink: {
    optstring: "fn",
    usage: "usage: readlink [-fn] [file ...]",
    status: 1,
    refuseLong: true,
  },
};

/** The bash that finds the system's `name` on PATH (skipping the shim directory) and runs it with the arguments. */
function execReal(name: string, shimDir: string): string {
  return `laggsim_p=$PATH:
while [ -n "$laggsim_p" ]; do
  laggsim_d=\${laggsim_p%%:*}; laggsim_p=\${laggsim_p#*:}
  if [ -z "$laggsim_d" ] || [ "$laggsim_d" = ${shellQuote(shimDir)} ]; then continue; fi
  if [ -x "$laggsim_d/${name}" ]; then exec "$laggsim_d/${name}" "$@"; fi
done
printf '%s\\n' ${shellQuote(`${name}: not found`)} >&2
exit 127`;
}

/**
 * A getopt(3)-style guard for sed, grep, date or readlink: refuses unknown letters and GNU long options as
 * FreeBSD's tool would, runs the tool's own checks, then the system's tool with the same arguments.
 */
function getoptGuard(name: string, spec: GuardSpec, shimDir: string): string {
  return `#!/bin/bash -p
# ${name}: FreeBSD userland guard (pulumi-freebsd-lagg test/sim/server/userland-guards.ts): refuses what
# FreeBSD's ${name} refuses or reads differently, then runs the system's ${name}.
laggsim_fail() { printf '%s\\n' "$1" >&2; [ -z "$2" ] || printf '%s\\n' ${shellQuote(spec.usage)} >&2; exit ${spec.status}; }
laggsim_opts=${shellQuote(spec.optstring)}
laggsim_i=0
laggsim_argv=("$@")
laggsim_out=()
while [ "$laggsim_i" -lt $# ]; do
  laggsim_a=\${laggsim_argv[laggsim_i]}
  laggsim_join=0 laggsim_took=
  case $laggsim_a in
    --) break ;;
    --?*) ${spec.refuseLong ? `laggsim_fail "${name}: illegal option -- - ($laggsim_a: a GNU long option)" usage` : "break"} ;;
    -?*) ;;
    *) break ;;
  esac
  laggsim_j=1
  while [ "$laggsim_j" -lt \${#laggsim_a} ]; do
    laggsim_c=\${laggsim_a:laggsim_j:1}
    laggsim_arg= laggsim_sep=0
    case $laggsim_c in :) laggsim_fail "${name}: illegal option -- :" usage ;; esac
    case $laggsim_opts in
      *"$laggsim_c::"*)
        laggsim_arg=\${laggsim_a:laggsim_j+1}; laggsim_j=\${#laggsim_a} ;;
      *"$laggsim_c:"*)
        if [ $((laggsim_j + 1)) -lt \${#laggsim_a} ]; then laggsim_arg=\${laggsim_a:laggsim_j+1}
        else
          laggsim_i=$((laggsim_i + 1))
          [ "$laggsim_i" -lt $# ] || laggsim_fail "${name}: option requires an argument -- $laggsim_c" usage
          laggsim_arg=\${laggsim_argv[laggsim_i]}; laggsim_sep=1; laggsim_took=1
        fi
        laggsim_j=\${#laggsim_a} ;;
      *"$laggsim_c"*) laggsim_j=$((laggsim_j + 1)) ;;
      *) laggsim_fail "${name}: illegal option -- $laggsim_c" usage ;;
    esac
${(spec.onOption ?? ":").split("\n").map((l) => `    ${l}`).join("\n")}
  done
  # The word as given, or (laggsim_join) joined with the argument it took from the next word.
  if [ "$laggsim_join" = 1 ] && [ -n "$laggsim_took" ]; then
    case $laggsim_a in *I) laggsim_a="\${laggsim_a%I}i" ;; esac
    laggsim_out+=("$laggsim_a$laggsim_arg")
  else laggsim_out+=("$laggsim_a"); [ -z "$laggsim_took" ] || laggsim_out+=("$laggsim_arg"); fi
  laggsim_i=$((laggsim_i + 1))
done
set -- "\${laggsim_out[@]}" "\${laggsim_argv[@]:laggsim_i}"
${execReal(name, shimDir)}
`;
}

/**
 * The awk guard: one-true-awk's options (-F fs, -v var=value, -f progfile, -d, -V, -safe, --version), any
 * other option refused, and a program (-f files or the first operand) that calls a GNU awk function refused
 * as one-true-awk's parser does ("calling undefined function", status 2).
 */
function awkGuard(shimDir: string): string {
  return `#!/bin/bash -p
# awk: FreeBSD userland guard (pulumi-freebsd-lagg test/sim/server/userland-guards.ts): refuses GNU awk's
# options and functions, which FreeBSD's one-true-awk does not have, then runs the system's awk.
laggsim_fail() { printf '%s\\n' "$1" >&2; exit 2; }
laggsim_prog= laggsim_files=0
laggsim_argv=("$@")
laggsim_i=0
while [ "$laggsim_i" -lt $# ]; do
  laggsim_a=\${laggsim_argv[laggsim_i]}
  case $laggsim_a in
    --) laggsim_i=$((laggsim_i + 1)); break ;;
    --version | -version | -V | -safe | -d*) ;;
    -f) laggsim_i=$((laggsim_i + 1)); laggsim_files=1
        [ -r "\${laggsim_argv[laggsim_i]}" ] && laggsim_prog="$laggsim_prog
$(< "\${laggsim_argv[laggsim_i]}")" ;;
    -f?*) laggsim_files=1; [ -r "\${laggsim_a#-f}" ] && laggsim_prog="$laggsim_prog
$(< "\${laggsim_a#-f}")" ;;
    -F | -v) laggsim_i=$((laggsim_i + 1)) ;;
    -F?* | -v?*) ;;
    -) break ;;
    -*) laggsim_fail "awk: unknown option $laggsim_a: GNU awk's, not one-true-awk's (FreeBSD ignores it with a warning; refused here)" ;;
    *) break ;;
  esac
  laggsim_i=$((laggsim_i + 1))
done
if [ "$laggsim_files" = 0 ] && [ "$laggsim_i" -lt $# ]; then laggsim_prog=\${laggsim_argv[laggsim_i]}; fi
laggsim_re='(^|[^A-Za-z0-9_])(gensub|asorti|asort|patsplit)[[:space:]]*\\('
if [[ $laggsim_prog =~ $laggsim_re ]]; then
  laggsim_fail "awk: calling undefined function \${BASH_REMATCH[2]} (GNU awk's; FreeBSD's one-true-awk has none)"
fi
${execReal("awk", shimDir)}
`;
}

/** The guarded tools, by name. */
export const GUARDED_TOOLS = [...Object.keys(GUARDS), "awk"] as const;

/** The guard script for one of GUARDED_TOOLS; `shimDir` is the directory it is installed in (skipped when it looks for the real tool). */
export function userlandGuardScript(name: string, shimDir: string): string {
  if (name === "awk") return awkGuard(shimDir);
  const spec = GUARDS[name];
  if (!spec) throw new Error(`no userland guard for ${name}`);
  return getoptGuard(name, spec, shimDir);
}
