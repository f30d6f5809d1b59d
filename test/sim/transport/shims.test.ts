// The host's commands: forwarding shims (output relay, stdin) and the real-behaviour lockf and daemon.
import { EventEmitter } from "node:events";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Client } from "ssh2";
import type { CommandContext, CommandResult, SimMachine } from "../machine-api";
import type { SimHost } from "../server/sim-host-types";
import { connect, exec, processGone, startHost, stopAllHosts, waitFor } from "./helpers";

/** How long a condition wait may take before it fails: a guard against hanging, generous for a loaded machine. */
const GUARD_MS = 30_000;

describe("on a simulated host", () => {
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

  test("a long command output arrives byte-exact, and the reply files are cleaned up", async () => {
    const direct = await host.machine.run("ifconfig", ["-a"], { stdin: "", env: {} });
    expect(direct.stdout.length).toBeGreaterThan(256);
    const viaSsh = await exec(client, "ifconfig -a");
    expect(viaSsh).toMatchObject({ stdout: direct.stdout, code: direct.exitCode });
    const ioDir = join(dirname(host.stateDir), "io");
    expect(readdirSync(ioDir)).toEqual([]);
  });

  // Conditions, not sleeps (a loaded 2-core machine can take longer than any fixed pause): the holder
  // touches "$L.held" once it has the lock and keeps it until "$L.go" appears, then prints "released".
  const WAIT_FOR = 'waitfor() { n=0; until [ -e "$1" ]; do n=$((n+1)); [ $n -gt 3000 ] && { echo "no $1" >&2; return 1; }; sleep 0.02; done; }';
  const HOLD = `${WAIT_FOR}; lockf -t 0 "$L" sh -c 'touch "$1.held"; until [ -e "$1.go" ]; do sleep 0.02; done; echo released' sh "$L" & waitfor "$L.held"`;
  const RELEASE = 'touch "$L.go"; wait';
  let lockCase = 0;
  test.each([
    {
      name: "the lock is held: a second lockf -t 0 fails with EX_TEMPFAIL and FreeBSD's message",
      script: `${HOLD}; lockf -t 0 "$L" echo never; echo "rc=$?"; ${RELEASE}`,
      stdout: "rc=75\nreleased\n",
      stderr: "lockf: $L: already locked\n",
    },
    {
      name: "-s silences that message",
      script: `${HOLD}; lockf -s -t 0 "$L" echo never; echo "rc=$?"; ${RELEASE}`,
      stdout: "rc=75\nreleased\n",
      stderr: "",
    },
    {
      name: "a waiting lockf gets the lock once it is released",
      // The holder prints "released" while it still holds the lock, so "released" before "got it" shows the
      // waiter did not get it while it was held (the pause only makes the waiter likely to be waiting; the
      // assertion holds either way). -t 60: a loaded machine may take seconds.
      script: `${HOLD}; (sleep 0.3; touch "$L.go") & lockf -t 60 "$L" echo got it; wait`,
      stdout: "released\ngot it\n",
      stderr: "",
    },
    {
      name: "the command's exit status passes through and the lock file is removed",
      script: 'lockf "$L" sh -c "exit 9"; echo "rc=$?"; test -e "$L" || echo removed',
      stdout: "rc=9\nremoved\n",
      stderr: "",
    },
    {
      name: "-k keeps the lock file",
      script: 'lockf -k "$L" true; test -e "$L" && echo kept',
      stdout: "kept\n",
      stderr: "",
    },
    {
      name: "usage errors exit 64",
      script: 'lockf "$L"; echo "rc=$?"',
      stdout: "rc=64\n",
      stderr: "usage: lockf [-knsw] [-t seconds] file command [arguments]\n",
    },
  ])("lockf: $name", async ({ script, stdout, stderr }) => {
    const lock = `${host.stateDir}/test-${++lockCase}.lock`; // its own markers per case
    const result = await exec(client, "/bin/sh -s", `L=${lock}\n${script}\n`);
    expect(result).toMatchObject({ stdout, stderr: stderr.replace("$L", lock), code: 0 });
  });

  test("daemon -f -p detaches the command into its own session and returns at once", async () => {
    const result = await exec(client, 'daemon -f -p "$LAGG_STATE_DIR/d.pid" sleep 30; echo "rc=$?"');
    expect(result).toMatchObject({ stdout: "rc=0\n", code: 0 });
    const pid = Number(readFileSync(join(host.stateDir, "d.pid"), "utf8"));
    await waitFor(() => readFileSync(`/proc/${pid}/cmdline`, "utf8") === "sleep\x0030\x00", GUARD_MS); // pid file comes first
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    expect(stat[3]).toBe(String(pid)); // session id: it leads its own session
  });

  test("daemon -o appends the command's output to a file", async () => {
    await exec(client, 'daemon -f -o "$LAGG_STATE_DIR/out.log" sh -c "echo first; echo second >&2"');
    await waitFor(() => readFileSync(join(host.stateDir, "out.log"), "utf8").split("\n").length >= 3, GUARD_MS);
    expect(readFileSync(join(host.stateDir, "out.log"), "utf8")).toBe("first\nsecond\n");
  });

  test("without -f the detached command keeps the session's stdout, so the exec ends when it does", async () => {
    // The daemon's command waits for a file the session creates after daemon returned (a condition, not
    // a pause), so "returned" first shows daemon did not wait for it, and the exec still ends after it.
    const result = await exec(client, `daemon sh -c 'until [ -e "$LAGG_STATE_DIR/d.go" ]; do sleep 0.02; done; echo from the daemon'; echo returned; touch "$LAGG_STATE_DIR/d.go"`);
    expect(result).toMatchObject({ stdout: "returned\nfrom the daemon\n", code: 0 });
  });

  test("daemon without a command prints its usage and exits 1", async () => {
    const result = await exec(client, "daemon -f");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^usage: daemon \[-cfHrS\]/);
  });

  test("sleep is the real one", async () => {
    expect(await exec(client, "command -v sleep")).toMatchObject({ stdout: expect.stringMatching(/^\/(usr\/)?bin\/sleep\n$/) });
  });
});

test("daemon processes die with their host", async () => {
  const host = await startHost();
  const client = await connect(host);
  await exec(client, 'daemon -f -p "$LAGG_STATE_DIR/d.pid" sleep 60');
  const pid = Number(readFileSync(join(host.stateDir, "d.pid"), "utf8"));
  client.end();
  await host.stop();
  await waitFor(() => processGone(pid), GUARD_MS);
  await stopAllHosts();
});

test("two hosts have separate state dirs: the same lock name does not collide", async () => {
  const a = await startHost();
  const b = await startHost();
  expect(a.stateDir).not.toBe(b.stateDir);
  const [ca, cb] = await Promise.all([connect(a), connect(b)]);
  // a holds its lock until the test has tried b's (a condition, not a pause: "held" shows a has it).
  const holding = exec(ca, 'lockf -t 0 "$LAGG_STATE_DIR/op.lock" sh -c \'touch "$LAGG_STATE_DIR/held"; until [ -e "$LAGG_STATE_DIR/go" ]; do sleep 0.02; done\'');
  await waitFor(() => existsSync(join(a.stateDir, "held")), GUARD_MS);
  expect(await exec(ca, 'lockf -t 0 "$LAGG_STATE_DIR/op.lock" echo free')).toMatchObject({ code: 75 }); // a's is held
  expect(await exec(cb, 'lockf -t 0 "$LAGG_STATE_DIR/op.lock" echo free')).toMatchObject({ stdout: "free\n" });
  writeFileSync(join(a.stateDir, "go"), "");
  expect(await holding).toMatchObject({ code: 0 });
  ca.end();
  cb.end();
  await stopAllHosts();
});

/** A machine with one command that reads stdin and one that prints NUL bytes (the kernel has neither). */
class StdinMachine extends EventEmitter implements SimMachine {
  readonly commandNames = ["readit", "nul"];
  readonly commandsReadingStdin = ["readit"];
  readonly managementAddress = "192.0.2.2";
  readonly records = { commands: [], changes: [] };
  isAddressReachable(): boolean {
    return true;
  }
  async run(command: string, argv: string[], ctx: CommandContext): Promise<CommandResult> {
    if (command === "nul") return { stdout: "a\0b\0", stderr: "", exitCode: 0 };
    return { stdout: `read ${JSON.stringify(ctx.stdin)} argv ${JSON.stringify(argv)}\n`, stderr: "", exitCode: 0 };
  }
}

test("a command the machine declares as reading stdin gets it; others never touch it", async () => {
  const host = await startHost({ machine: new StdinMachine() });
  const client = await connect(host);
  const piped = await exec(client, "printf 'x\\ny' | readit a");
  const fromScript = await exec(client, "/bin/sh -s", "nul >/dev/null\nreadit </dev/null\necho after\n");
  const nul = await exec(client, "nul | od -An -c | tr -s ' '");
  client.end();
  expect(piped.stdout).toBe('read "x\\ny" argv ["a"]\n');
  expect(fromScript.stdout).toBe('read "" argv []\nafter\n');
  expect(nul.stdout).toBe(" a \\0 b \\0\n");
  await stopAllHosts();
});
