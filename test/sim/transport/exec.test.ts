// Exec semantics of the embedded ssh2 server: output, exit status, stdin scripts, session environment.
import type { Client } from "ssh2";
import type { SimHost } from "../server/sim-host-types";
import { connect, exec, startHost, stopAllHosts } from "./helpers";

let host: SimHost;
let client: Client;

beforeAll(async () => {
  host = await startHost();
  client = await connect(host);
});
afterAll(async () => {
  client.end();
  await stopAllHosts();
});

test.each([
  { command: "echo out; echo err >&2; exit 3", stdout: "out\n", stderr: "err\n", code: 3 },
  { command: "printf 'no newline'", stdout: "no newline", stderr: "", code: 0 },
  { command: "ifconfig no0such0", stdout: "", stderr: "ifconfig: interface no0such0 does not exist\n", code: 1 },
  { command: "uname -s", stdout: "FreeBSD\n", stderr: "", code: 0 },
])("exec $command relays stdout, stderr and exit status", async ({ command, stdout, stderr, code }) => {
  const result = await exec(client, command);
  expect(result).toEqual({ stdout, stderr, code, signal: undefined });
  expect(host.execs.at(-1)).toMatchObject({ command, exitCode: code, stdoutBytes: Buffer.byteLength(stdout) });
});

test("a script fed to /bin/sh -s runs in the real /bin/sh, and emulated commands leave the rest of it alone", async () => {
  const script = [
    "set -e",
    "ifconfig >/dev/null",
    // Arithmetic expansion: only a real shell prints this (the sandbox has no /proc to look at the binary).
    '[ "$((6 * 7))" = 42 ] && echo "real sh"',
    "x='it'\\''s quoted'",
    'echo "$x"',
    "uname -s",
    "exit 7",
    "",
  ].join("\n");
  const result = await exec(client, "/bin/sh -s", script);
  expect(result).toEqual({ stdout: "real sh\nit's quoted\nFreeBSD\n", stderr: "", code: 7, signal: undefined });
  expect(host.execs.at(-1)).toMatchObject({ command: "/bin/sh -s", stdin: script, exitCode: 7 });
});

test("a megabyte of stdin and of stdout pass through intact", async () => {
  const input = "0123456789abcdef".repeat(65_536);
  const result = await exec(client, "cat", input);
  expect(result.stdout === input).toBe(true);
  expect(host.execs.at(-1)).toMatchObject({ stdin: input, stdoutBytes: input.length, exitCode: 0 });
});

test("the session environment is the one sshd builds, with the shim directory first in PATH", async () => {
  const { stdout } = await exec(
    client,
    'echo "$USER|$LOGNAME|$HOME|$SHELL"; echo "$SSH_CONNECTION"; echo "$PATH"; echo "$LAGG_STATE_DIR"; command -v ifconfig',
  );
  const [ids, connection, path, stateDir, ifconfigPath] = stdout.trimEnd().split("\n");
  const [user, logname, home, shell] = ids.split("|");
  expect([user, logname, shell]).toEqual(["root", "root", "/bin/sh"]);
  expect(home).toMatch(/^\//);
  expect(connection).toMatch(new RegExp(`^127\\.0\\.0\\.1 \\d+ ${host.machine.managementAddress.replace(/\./g, "\\.")} 22$`));
  const shimDir = path.split(":")[0];
  expect(ifconfigPath).toBe(`${shimDir}/ifconfig`);
  expect(stateDir).toBe(host.stateDir);
});

test("commands run by the session reach the kernel with the session's id and SSH_CONNECTION", async () => {
  const before = host.machine.records.commands.length;
  await exec(client, "uname -r");
  const record = host.machine.records.commands.slice(before).find((c) => c.command === "uname");
  expect(record).toMatchObject({ argv: ["-r"], sessionId: host.execs.at(-1)?.sessionId });
});

test("every exec of one connection shares a session id; another connection gets another", async () => {
  await exec(client, "true");
  await exec(client, "true");
  const other = await connect(host);
  await exec(other, "true");
  other.end();
  const [a, b, c] = host.execs.slice(-3).map((e) => e.sessionId);
  expect(a).toBe(b);
  expect(c).not.toBe(a);
});

test("a pty request is refused gracefully and the connection stays usable", async () => {
  const ptyError = await new Promise<string>((resolve) => {
    client.exec("echo fine", { pty: true }, (error) => resolve(error ? error.message : "accepted"));
  });
  expect(ptyError).toBe("Unable to request a pseudo-terminal");
  expect(await exec(client, "echo fine")).toMatchObject({ stdout: "fine\n", code: 0 });
});

test("a shell request runs the user's shell, reading commands from the channel", async () => {
  const output = await new Promise<string>((resolve, reject) => {
    client.shell(false, (error, channel) => {
      if (error) return reject(error);
      let stdout = "";
      channel.on("data", (d: Buffer) => (stdout += d.toString()));
      channel.on("close", () => resolve(stdout));
      channel.end("uname -s\nexit\n");
    });
  });
  expect(output).toBe("FreeBSD\n");
});
