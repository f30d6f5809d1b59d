// Portability: every kind of rendered script runs under dash, busybox ash, mksh, yash and posh (and
// its awk under the one-true-awk and mawk) on the fake host, and each combination ends with the same
// exit codes, the same marker lines and the same commands run as /bin/sh (dash) does.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { requireOrSkip } from "../../sim/server/system-deps";
import { AWKS, runScriptOn, scratchHost, SHELLS, type ShellUnderTest } from "./harness";
import { NONCE, SCENARIOS, type Scenario } from "./scenarios";

/** Runs a scenario; returns what a user would see: exit codes, marker lines, and the commands run on the host. */
function run(s: Scenario, shell: ShellUnderTest, awk?: string) {
  const host = scratchHost(shell, awk, s.sshConnection ? { SSH_CONNECTION: s.sshConnection } : {});
  try {
    for (const p of ["igb0", "igb1", "igb2"]) {
      writeFileSync(join(host.dir, `exists-${p}`), "");
      writeFileSync(join(host.dir, `state-${p}`), `${p}: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n`);
    }
    s.setup?.(host.dir, host.bin);
    const runs = s.scripts.map((text) => runScriptOn(host, text));
    return {
      codes: runs.map((r) => r.code),
      markers: runs.map((r) => r.stdout.split("\n").filter((l) => l.startsWith(`${NONCE} `)).join("\n").split(host.dir).join("<dir>")),
      stderr: runs.map((r) => r.stderr),
      log: host.log().map((l) => l.join(" ")),
      pwned: existsSync("/tmp/lagg-pwned") || existsSync("/tmp/lagg-pwned2"),
    };
  } finally {
    host.cleanup();
  }
}

describe("reference run under /bin/sh (dash)", () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", (_n, s) => {
    const r = run(s, SHELLS[0]);
    expect({ codes: r.codes, stderr: r.stderr, pwned: r.pwned }).toEqual({ codes: s.codes, stderr: s.scripts.map(() => ""), pwned: false });
  });
});

for (const shell of SHELLS.slice(1)) {
  requireOrSkip(shell.binary, `rendered scripts under ${shell.name}`)(`under ${shell.name}`, () => {
    test.each(SCENARIOS.map((s) => [s.name, s] as const))("%s: same codes, markers and commands as dash", (_n, s) => {
      expect(run(s, shell)).toEqual(run(s, SHELLS[0]));
    });
  });
}

for (const awk of AWKS) {
  requireOrSkip(awk, `rendered scripts with ${awk}`)(`with ${awk} as awk`, () => {
    test.each(SCENARIOS.map((s) => [s.name, s] as const))("%s: same codes, markers and commands as the system awk", (_n, s) => {
      expect(run(s, SHELLS[0], awk)).toEqual(run(s, SHELLS[0]));
    });
  });
}
