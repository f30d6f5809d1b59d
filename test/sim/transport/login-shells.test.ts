// The exec command string is interpreted by the configured login shell, exactly once, as sshd does it.
import { realpathSync } from "node:fs";
import type { LoginShellName } from "../server/login-shells";
import { requireOrSkip } from "../server/system-deps";
import { connect, exec, startHost, stopAllHosts } from "./helpers";
import { READ_PAUSE_THEN_CHANGE, readPauseThenChange } from "./conversation-check";

afterEach(() => stopAllHosts());

const SHELLS: { loginShell: LoginShellName; binary: string; argv0: string; posix: boolean }[] = [
  { loginShell: "sh", binary: "/bin/sh", argv0: "sh", posix: true },
  { loginShell: "bash", binary: "bash", argv0: "bash", posix: true },
  { loginShell: "zsh", binary: "zsh", argv0: "zsh", posix: true },
  { loginShell: "tcsh", binary: "tcsh", argv0: "tcsh", posix: false },
];

describe.each(SHELLS)("login shell $loginShell", ({ loginShell, binary, argv0, posix }) => {
  const suite = requireOrSkip(binary, `the ${loginShell} login shell tests`);
  suite("runs exec strings", () => {
    test("a single-quoted command valid for sh reaches the kernel with its words intact", async () => {
      const host = await startHost({ loginShell });
      const client = await connect(host);
      const result = await exec(client, "ifconfig 'no such0' ; echo 'two  spaces' \"$0\"");
      client.end();
      expect(result.stdout).toBe(`two  spaces ${argv0}\n`);
      expect(host.machine.records.commands.at(-1)).toMatchObject({ command: "ifconfig", argv: ["no such0"] });
      expect(host.execs.at(-1)?.command).toBe("ifconfig 'no such0' ; echo 'two  spaces' \"$0\"");
    });

    test(`sh-only syntax ${posix ? "works" : "fails as it does on a real host"}`, async () => {
      const host = await startHost({ loginShell });
      const client = await connect(host);
      const result = await exec(client, "x=$(uname -s); echo $x");
      client.end();
      if (posix) expect(result).toMatchObject({ stdout: "FreeBSD\n", code: 0 });
      else expect(result).toMatchObject({ stdout: "", stderr: "Illegal variable name.\n", code: 1 });
    });

    test("/bin/sh -s takes the script on stdin whatever the login shell", async () => {
      const host = await startHost({ loginShell });
      const client = await connect(host);
      const result = await exec(client, "/bin/sh -s", 'x=$(uname -s)\necho "$x on $0"\n');
      client.end();
      expect(result).toMatchObject({ stdout: "FreeBSD on /bin/sh\n", code: 0 });
    });

    test("/bin/sh -s waits on stdin between a read and the change planned from it (one exec, one shell)", async () => {
      const host = await startHost({ loginShell });
      expect(await readPauseThenChange(host)).toEqual(READ_PAUSE_THEN_CHANGE);
    });
  });
});

requireOrSkip("/bin/csh", "the csh alias check")("csh", () => {
  test("csh on this machine is tcsh (Debian), as root's csh is tcsh on FreeBSD before 14", () => {
    expect(realpathSync("/bin/csh")).toMatch(/\/tcsh$/);
  });
});
