// Runs host-side shell directly, without SSH: under a chosen POSIX shell and awk, with the fake
// ifconfig/sysrc (test/unit/core/fakehost) first on PATH. Used by the host unit tests and the
// portability matrix.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PRELUDE } from "../../../provider/script/prelude";
import { findExecutable } from "../../sim/server/system-deps";

export const FAKE_BIN = join(__dirname, "..", "core", "fakehost");

/** A shell under test: the binary requireOrSkip looks for, and the argv that runs `sh -c`-style. */
export interface ShellUnderTest {
  name: string;
  binary: string;
  argv: string[];
  /** How the shell reads a script on stdin (`sh -s`); posh takes no -s and reads stdin by default. */
  stdin: string[];
}

/** The shells FreeBSD users may have as /bin/sh-compatible shells, and the strict ones that catch bashisms. */
export const SHELLS: ShellUnderTest[] = [
  { name: "dash", binary: "dash", argv: ["dash"], stdin: ["-s"] },
  { name: "busybox ash", binary: "busybox", argv: ["busybox", "sh"], stdin: ["-s"] },
  { name: "mksh", binary: "mksh", argv: ["mksh"], stdin: ["-s"] },
  { name: "yash", binary: "yash", argv: ["yash"], stdin: ["-s"] },
  { name: "posh", binary: "posh", argv: ["posh"], stdin: [] },
];

/** The awk implementations: FreeBSD's own (the one-true-awk) and mawk. */
export const AWKS = ["original-awk", "mawk"];

/** A scratch host: a directory for the fake tools' state, a bin dir with the chosen awk and `sh` wrapper. */
export interface ScratchHost {
  dir: string;
  bin: string;
  /** Path of an executable that runs the shell under test (stands in for /bin/sh in scripts). */
  sh: string;
  shell: ShellUnderTest;
  env: NodeJS.ProcessEnv;
  /** The fake tools' argv log, one array per call. */
  log(): string[][];
  cleanup(): void;
}

/** Makes a scratch host for `shell` and `awk` (defaults: dash, the system awk). */
export function scratchHost(shell: ShellUnderTest = SHELLS[0], awk?: string, env: NodeJS.ProcessEnv = {}): ScratchHost {
  const dir = mkdtempSync(join(tmpdir(), "lagg-host-"));
  const bin = join(dir, "bin");
  spawnSync("mkdir", [bin]);
  if (awk) symlinkSync(findExecutable(awk)!, join(bin, "awk"));
  const sh = join(bin, "sh-under-test");
  const argv = [findExecutable(shell.argv[0])!, ...shell.argv.slice(1)];
  writeFileSync(sh, `#!/bin/sh\nexec ${argv.join(" ")} "$@"\n`, { mode: 0o755 });
  return {
    dir,
    bin,
    sh,
    shell,
    env: { PATH: `${bin}:${FAKE_BIN}:/usr/bin:/bin`, FAKE_DIR: dir, LAGG_STATE_DIR: dir, ...env },
    log: () => (existsSync(join(dir, "log")) ? readFileSync(join(dir, "log"), "utf8").trim().split("\n").map((l) => l.split("\0")) : []),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `script` on stdin of the shell under test (`sh -s`), with every `/bin/sh` in it pointing at that shell too. */
export function runScriptOn(host: ScratchHost, script: string) {
  const r = spawnSync(host.sh, host.shell.stdin, { input: script.split("/bin/sh").join(host.sh), env: host.env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `snippet` after the shared prelude (markers, snapshot, comparisons, release, session, steps); marker nonce `@@t`. */
export function runWithPrelude(host: ScratchHost, snippet: string) {
  return runScriptOn(host, `M=@@t\n${PRELUDE}\n${snippet}\n`);
}

/** The golden ifconfig fixtures (test/fixtures/ifconfig). */
export const FIXTURES = join(__dirname, "..", "..", "fixtures", "ifconfig");

/** One interface block per entry: `NAME: flags=` begins a block. The host's ifconfig writes LF only. */
export function ifconfigBlocks(text: string): string[] {
  const out: string[] = [];
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (line === "") continue;
    if (/^\s*[A-Za-z0-9_.]+: flags=/.test(line) || out.length === 0) out.push(`${line}\n`);
    else out[out.length - 1] += `${line}\n`;
  }
  return out;
}

/** The block of interface `name` in fixture `file` (e.g. "freebsd14-address-edge-cases.txt"). */
export function fixtureInterface(file: string, name: string): string {
  const block = ifconfigBlocks(readFileSync(join(FIXTURES, file), "utf8")).find((b) => b.trimStart().startsWith(`${name}: `));
  if (!block) throw new Error(`${name} not in ${file}`);
  return block;
}
