import { spawnSync } from "child_process";
import { runScript } from "../../../provider/ssh";
import { connectionTo } from "./helpers/fixtures";
import type { TestSshServer } from "./helpers/test-server";
import { usePasswordServer } from "./helpers/password-server";
import { requireOrSkip } from "../../sim/server/system-deps";

let server: TestSshServer;
usePasswordServer((s) => (server = s));

/** What the same script prints when run by the local /bin/sh -s. */
function localSh(script: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync("/bin/sh", ["-s"], { input: script, encoding: "utf8" });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

test("the command is exactly /bin/sh -s and the script travels on stdin", async () => {
  await runScript(connectionTo(server), "true\n");
  expect(server.execs.at(-1)).toBe("/bin/sh -s");
});

test.each([
  ["single and double quotes", `printf '%s\\n' 'it'\\''s' "a \\"quoted\\" word"`],
  ["command substitution", `x=$(printf '%s' "a b"); echo "[$x]" $(echo nested $(echo deeper))`],
  ["backticks", "echo `echo back` \"`printf '%s' tick`\""],
  ["variables and arithmetic", `n=3; echo $((n * 7)) "$n" '$n' \${HOME+set}`],
  ["here-document", "cat <<'EOF2'\n$literal `not run` 'q'\nEOF2\ncat <<EOF3\n$((2+2))\nEOF3"],
  ["glob and special characters", "set -f; echo * ? '[a]' \\\\ \\$ ';' '&&' '|'"],
  ["utf-8 text", "echo 'ünïcødé ✓ 日本'"],
])("a script with %s runs exactly as sh runs it", async (_name, script) => {
  const result = await runScript(connectionTo(server), script);
  const expected = localSh(script);
  expect(result).toMatchObject({ stdout: expected.stdout, stderr: expected.stderr, exitCode: expected.status });
});

test.each([
  [0, "echo out; echo err >&2; exit 0"],
  [1, "echo out; echo err >&2; exit 1"],
  [3, "echo out; echo err >&2; false || exit 3"],
  [127, "echo out; echo err >&2; no_such_command_xyz 2>/dev/null"],
])("exit code %i is returned with stdout and stderr, not thrown", async (code, script) => {
  const result = await runScript(connectionTo(server), script);
  expect(result.exitCode).toBe(code);
  expect(result.stdout).toBe("out\n");
  expect(result.stderr).toBe("err\n");
  expect(result.signal).toBeUndefined();
});

test("a script that dies of a signal inside the login shell reports 128+n, as sshd would", async () => {
  const result = await runScript(connectionTo(server), "echo before; kill -KILL $$; echo after");
  expect(result).toMatchObject({ stdout: "before\n", exitCode: 137 });
});

test("a session whose shell is killed reports the signal (exit-signal) and no exit code", async () => {
  // $PPID is the server's `/bin/sh -c` (the login shell): its death makes the server send exit-signal.
  const result = await runScript(connectionTo(server), "echo before; kill -KILL $PPID $$; echo after");
  expect(result).toMatchObject({ stdout: "before\n", exitCode: null, signal: "SIGKILL" });
});

test("1 MB of stdout arrives intact, with interleaved stderr", async () => {
  const script = "i=0; while [ $i -lt 16384 ]; do printf '%063d\\n' $i; i=$((i+1)); done; echo done >&2";
  const result = await runScript(connectionTo(server), script);
  expect(result.stdout.length).toBe(16384 * 64);
  expect(result.stdout).toBe(localSh(script).stdout);
  expect(result.stderr).toBe("done\n");
});

test("a large script on stdin is read completely", async () => {
  const lines = Array.from({ length: 20000 }, (_, i) => `echo line${i}`);
  const result = await runScript(connectionTo(server), lines.join("\n") + "\n");
  expect(result.stdout.split("\n")).toHaveLength(20001);
  expect(result.stdout.endsWith("line19999\n")).toBe(true);
});

// Each login shell is a Debian package (tcsh, csh, zsh): a missing one is skipped with a notice like the other
// system-package tests (and fails under LAGG_REQUIRE_SYSTEM_DEPS=1), instead of timing out on spawn ENOENT.
describe.each(["/bin/tcsh", "/bin/csh", "/bin/zsh", "/bin/bash", "/bin/sh"])("login shell %s", (shellPath) => {
  requireOrSkip(shellPath, `runScript under the ${shellPath} login shell`)("runScript", () => {
    loginShellCase(shellPath);
  });
});

function loginShellCase(shellPath: string): void {
  test(`the script runs in POSIX sh whatever the login shell (${shellPath})`, async () => {
    const loginShell = shellPath;
    server.loginShell = loginShell;
    try {
      const script = `x='a b'; echo "$x" $((1 + 1)) "$(echo sub)" \`echo tick\` 2>&1 >/dev/null; echo "[$x]"`;
      const result = await runScript(connectionTo(server), script);
      expect(result).toMatchObject({ stdout: localSh(script).stdout, exitCode: 0 });
    } finally {
      server.loginShell = "/bin/sh";
    }
  });
}

test("durationMs is reported", async () => {
  const result = await runScript(connectionTo(server), "true");
  expect(result.durationMs).toBeGreaterThan(0);
});
