// Real OpenSSH sshd mode: the same userland behind /usr/sbin/sshd, with bash (root) and tcsh login shells.
import type { Client } from "ssh2";
import type { LoginShellName } from "../server/login-shells";
import type { SimHost } from "../server/sim-host-types";
import { requireOrSkip } from "../server/system-deps";
import { closed, connect, exec, startHost, stopAllHosts } from "./helpers";
import { READ_PAUSE_THEN_CHANGE, readPauseThenChange } from "./conversation-check";

const CASES: { loginShell: LoginShellName; binary: string; user: string }[] = [
  { loginShell: "bash", binary: "bash", user: "root" },
  { loginShell: "tcsh", binary: "tcsh", user: "laggsim-tcsh" },
];

requireOrSkip("/usr/sbin/sshd", "the real sshd tests")("sshd mode", () => {
  describe.each(CASES)("login shell $loginShell", ({ loginShell, binary, user }) => {
    requireOrSkip(binary, `sshd with the ${loginShell} login shell`)("sessions", () => {
      let host: SimHost;
      let client: Client;
      beforeAll(async () => {
        host = await startHost({ mode: "sshd", loginShell });
        client = await connect(host);
      });
      afterAll(async () => {
        client.end();
        await stopAllHosts();
      });

      test("runs as the account whose login shell it is", async () => {
        expect(host.user).toBe(user);
        const { stdout } = await exec(client, "id -un; echo $0");
        expect(stdout).toBe(`${user}\n${loginShell}\n`);
      });

      test("relays stdout, stderr and exit status, and records the exec", async () => {
        const result = await exec(client, "uname -s; ifconfig no0such0; exit 5");
        expect(result).toEqual({
          stdout: "FreeBSD\n",
          stderr: "ifconfig: interface no0such0 does not exist\n",
          code: 5,
          signal: undefined,
        });
        expect(host.execs.at(-1)).toMatchObject({
          command: "uname -s; ifconfig no0such0; exit 5",
          exitCode: 5,
          stdoutBytes: 8,
          stdin: "",
        });
      });

      test("a script on stdin of /bin/sh -s runs in the real /bin/sh and is recorded", async () => {
        const script = "x=$(uname -s)\necho \"$x\" 'it'\\''s'\n";
        expect(await exec(client, "/bin/sh -s", script)).toMatchObject({ stdout: "FreeBSD it's\n", code: 0 });
        expect(host.execs.at(-1)).toMatchObject({ command: "/bin/sh -s", stdin: script, exitCode: 0 });
      });

      test("the session sees the management address in SSH_CONNECTION, the shims and LAGG_STATE_DIR", async () => {
        const { stdout } = await exec(client, "/bin/sh -s", 'echo "$SSH_CONNECTION"; command -v ifconfig; echo "$LAGG_STATE_DIR"\n');
        const [connection, ifconfig, stateDir] = stdout.trimEnd().split("\n");
        expect(connection).toMatch(/^127\.0\.0\.1 \d+ 192\.0\.2\.2 22$/);
        expect(ifconfig).toMatch(/\/bin\/ifconfig$/);
        expect(ifconfig.startsWith("/tmp/") || ifconfig.includes("laggsim-")).toBe(true);
        expect(stateDir).toBe(host.stateDir);
      });

      test("a megabyte of stdin passes through intact and is recorded", async () => {
        const input = "0123456789abcdef".repeat(65_536);
        expect(await exec(client, "wc -c", input)).toMatchObject({ stdout: expect.stringMatching(/^\s*1048576\n$/), code: 0 });
        expect(host.execs.at(-1)?.stdin).toBe(input);
      });

      test("/bin/sh -s waits on stdin between a read and the change planned from it (one exec, one shell)", async () => {
        expect(await readPauseThenChange(host)).toEqual(READ_PAUSE_THEN_CHANGE);
      });

      test("kernel commands carry the exec's session id", async () => {
        const before = host.machine.records.commands.length;
        await exec(client, "hostname");
        const command = host.machine.records.commands.slice(before).find((c) => c.command === "hostname");
        expect(command?.sessionId).toBe(host.execs.at(-1)?.sessionId);
      });
    });
  });

  requireOrSkip("tcsh", "sshd fault tests")("faults through the front proxy", () => {
    afterEach(() => stopAllHosts());

    test("refuseAuth and useDifferentHostKey", async () => {
      const host = await startHost({ mode: "sshd", loginShell: "tcsh" });
      host.faults.refuseAuth();
      await expect(connect(host)).rejects.toThrow(/authentication methods failed/i);
      host.faults.clear().useDifferentHostKey();
      await expect(connect(host)).rejects.toThrow(/verification failed/i);
      host.faults.clear();
      const client = await connect(host);
      expect(await exec(client, "echo ok")).toMatchObject({ stdout: "ok\n" });
      client.end();
    });

    test("dropAfterExecs cuts after the result (and before it, when asked)", async () => {
      const host = await startHost({ mode: "sshd", loginShell: "tcsh" });
      host.faults.dropAfterExecs(1);
      const first = await connect(host);
      const firstGone = closed(first);
      expect(await exec(first, "echo one")).toMatchObject({ stdout: "one\n", code: 0 });
      await firstGone;
      host.faults.dropAfterExecs(1, "beforeResult");
      const second = await connect(host);
      const secondGone = closed(second);
      expect((await exec(second, "echo two")).code).toBeNull();
      await secondGone;
      expect(host.execs.map((e) => [e.command, e.exitCode])).toEqual([
        ["echo one", 0],
        ["echo two", 0],
      ]);
    });

    test("losing the management path cuts sessions and refuses new ones until it is back", async () => {
      const host = await startHost({ mode: "sshd", loginShell: "tcsh" });
      const client = await connect(host);
      const gone = closed(client);
      await exec(client, "ifconfig em0 down");
      await gone;
      await expect(connect(host, { readyTimeout: 3_000 })).rejects.toThrow();
      await host.machine.run("ifconfig", ["em0", "up"], { stdin: "", env: {} });
      const back = await connect(host);
      expect(await exec(back, "echo back")).toMatchObject({ stdout: "back\n" });
      back.end();
    });
  });
});
