// Arbitrary bytes in argv survive the trip script -> /bin/sh -> bash shim -> control server -> kernel.
import type { Client } from "ssh2";
import type { SimHost } from "../server/sim-host-types";
import { connect, exec, shq, startHost, stopAllHosts } from "./helpers";

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

const TORTURE: [string, string[]][] = [
  ["single quotes", ["it's", "'", "''", "a'b'c"]],
  ["double quotes and backslashes", ['"quoted"', "back\\slash", "\\", '\\"', "trailing\\"]],
  ["command substitution that must not run", ["$(touch /tmp/laggsim-pwned)", "`touch /tmp/laggsim-pwned`", "${HOME}", "$$"]],
  ["whitespace", ["two  spaces", " lead", "trail ", "tab\there", "line1\nline2", "\n", ""]],
  ["shell operators and globs", [";", "|", "&&", ">x", "<y", "*", "?", "[a]", "~", "#comment", "!"]],
  ["non-ASCII", ["café", "日本語", "emoji 🙂"]],
  ["option-looking words", ["-v", "--", "-alias", "inet6", "-"]],
];

test.each(TORTURE)("%s reach the emulated command byte-exact", async (_name, argv) => {
  const before = host.machine.records.commands.length;
  const script = `ifconfig ${argv.map(shq).join(" ")}\necho "exit=$?"\n`;
  const result = await exec(client, "/bin/sh -s", script);
  expect(result.stdout).toMatch(/^exit=\d+\n$/);
  const calls = host.machine.records.commands.slice(before).filter((c) => c.command === "ifconfig");
  expect(calls.map((c) => c.argv)).toEqual([argv]);
});

test("the exec command string itself reaches the login shell unchanged", async () => {
  const command = `ifconfig ${shq("it's $(x) `y` \"z\"")} ; printf '%s\\n' ${shq("a\nb")}`;
  const before = host.machine.records.commands.length;
  const result = await exec(client, command);
  expect(result.stdout).toBe("a\nb\n");
  expect(host.execs.at(-1)?.command).toBe(command);
  expect(host.machine.records.commands.slice(before).map((c) => c.argv)).toEqual([["it's $(x) `y` \"z\""]]);
});
