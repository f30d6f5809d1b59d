// The guards in front of the simulator's sed, grep, date, readlink and awk (server/userland-guards.ts): each
// GNU-only form FreeBSD's tool refuses or misreads is refused with FreeBSD's words and status, and the forms
// the host scripts use still run the system's tool. Run directly under bash, the way a session finds them first
// on PATH.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GUARDED_TOOLS, userlandGuardScript } from "../server/userland-guards";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lagg-guards-"));
  for (const tool of GUARDED_TOOLS) writeFileSync(join(dir, tool), userlandGuardScript(tool, dir), { mode: 0o755 });
  writeFileSync(join(dir, "rc.conf"), 'hostname="nas1"\nifconfig_em0="DHCP"\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `script` under sh with the guards first on PATH (as a session's shim directory is). */
function run(script: string) {
  const r = spawnSync("/bin/sh", ["-c", script], { cwd: dir, env: { PATH: `${dir}:/usr/local/bin:/usr/bin:/bin`, LC_ALL: "C" }, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe("GNU-only forms are refused as FreeBSD's tools refuse them", () => {
  test.each<[string, string, number, RegExp]>([
    // usr.bin/sed/main.c: -i takes a required argument; GNU's `-i SCRIPT FILE` would make SCRIPT the extension.
    ["sed -i without an extension (GNU form)", "sed -i 's/DHCP/up/' rc.conf", 1, /^sed: -i takes an extension argument on FreeBSD \(use -i '' for none\)/],
    ["sed -i followed by -e (GNU form)", "sed -i -e 's/DHCP/up/' rc.conf", 1, /-i takes an extension argument/],
    ["sed -z (GNU: NUL-separated lines)", "sed -z 's/a/b/' rc.conf", 1, /^sed: illegal option -- z\nusage: sed script/],
    ["sed --expression (a GNU long option)", "sed --expression=p rc.conf", 1, /^sed: illegal option -- - \(--expression=p: a GNU long option\)/],
    ["sed --in-place", "sed --in-place 's/a/b/' rc.conf", 1, /illegal option -- -/],
    // bin/date/date.c: no -d; FreeBSD's way is -j -f or -v.
    ["date -d (GNU: parse a date)", "date -d '2024-01-01' +%s", 1, /^date: illegal option -- d\nusage: date/],
    ["date --date", "date --date=yesterday", 1, /^date: illegal option -- - \(--date=yesterday/],
    // usr.bin/grep/grep.c: -P exists but means "no symlinks followed with -R".
    ["grep -P (GNU: Perl regular expressions)", "grep -P '\\d+' rc.conf", 2, /^grep: -P is not a Perl regular expression on FreeBSD/],
    ["grep -qP in a cluster", "grep -qP 'x' rc.conf", 2, /-P is not a Perl regular expression/],
    ["grep --perl-regexp", "grep --perl-regexp x rc.conf", 2, /^grep: illegal option -- -/],
    // usr.bin/stat/stat.c (readlink mode): options "fn".
    ["readlink -e (GNU: every component must exist)", "readlink -e rc.conf", 1, /^readlink: illegal option -- e\nusage: readlink \[-fn\]/],
    ["readlink -m (GNU: no component need exist)", "readlink -m /no/such", 1, /^readlink: illegal option -- m/],
    ["readlink --canonicalize", "readlink --canonicalize rc.conf", 1, /illegal option -- -/],
    // one-true-awk: no gensub/asort/asorti/patsplit, no GNU options.
    ["awk gensub()", `awk '{ print gensub(/a/, "b", "g") }' rc.conf`, 2, /^awk: calling undefined function gensub/],
    ["awk asort() in a -f program", `printf '%s\\n' '{ n = asort(a) }' > prog.awk; awk -f prog.awk rc.conf`, 2, /calling undefined function asort/],
    ["awk --re-interval", "awk --re-interval '{ print }' rc.conf", 2, /^awk: unknown option --re-interval: GNU awk's/],
    ["awk -e (gawk's program option)", "awk -e '{ print }' rc.conf", 2, /unknown option -e/],
  ])("%s", (_what, script, code, stderr) => {
    const r = run(script);
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("");
  });

  test("the GNU sed -i form changed nothing", () => {
    run("sed -i 's/DHCP/up/' rc.conf");
    expect(run("cat rc.conf").stdout).toBe('hostname="nas1"\nifconfig_em0="DHCP"\n');
  });
});

describe("the FreeBSD forms the host scripts use still run the system's tool", () => {
  test.each<[string, string, string]>([
    ["sed -n with a script", "sed -n 's/^hostname=//p' rc.conf", '"nas1"\n'],
    ["sed with a plain script and stdin", "printf 'a b \\n' | sed 's/ $//; s/ /, /g'", "a, b\n"],
    ["sed -i '' (FreeBSD: no backup)", "cp rc.conf x.conf && sed -i '' 's/DHCP/up/' x.conf; cat x.conf", 'hostname="nas1"\nifconfig_em0="up"\n'],
    ["sed -i.bak", "cp rc.conf y.conf && sed -i.bak 's/DHCP/up/' y.conf && cat y.conf.bak y.conf | grep -c em0", "2\n"],
    ["sed -E with -e", "sed -E -e 's/(em)0/\\11/' rc.conf | tail -n 1", 'ifconfig_em1="DHCP"\n'],
    ["grep -Eqs", "grep -Eqs '^[[:space:]]*(hostname)=' rc.conf && echo yes", "yes\n"],
    ["grep -q, -e and --", "grep -q -e DHCP -- rc.conf && echo yes", "yes\n"],
    ["grep -E with a pattern that starts like an option", "printf -- '-P x\\n' | grep -E -e '-P'", "-P x\n"],
    ["date +%s", "date +%s | grep -Ec '^[0-9]+$'", "1\n"],
    ["readlink -f", "ln -sf rc.conf link && readlink -f link | sed 's|.*/||'", "rc.conf\n"],
    ["readlink -n", "readlink -n link", "rc.conf"],
    ["awk -v and a program", "awk -v want=em0 '$0 ~ want { n++ } END { print n }' rc.conf", "1\n"],
    ["awk -F and split()", "echo a:b:c | awk -F: '{ n = split($0, w, \":\"); print n, $2 }'", "3 b\n"],
    ["a variable named like a GNU function is fine", "echo 1 | awk '{ my_gensub = 2; print my_gensub }'", "2\n"],
  ])("%s", (_what, script, stdout) => {
    const r = run(script);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(stdout);
    expect(r.code).toBe(0);
  });
});
