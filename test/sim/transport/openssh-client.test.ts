// The connection details work for the real OpenSSH client, exactly as a user would pass them.
import type { SimHostMode } from "../server/sim-host-types";
import { findExecutable, requireOrSkip } from "../server/system-deps";
import { runOpenSsh, startHost, stopAllHosts } from "./helpers";

afterEach(() => stopAllHosts());

const MODES: { mode: SimHostMode; needs: string[] }[] = [
  { mode: "ssh2", needs: ["ssh"] },
  { mode: "sshd", needs: ["ssh", "/usr/sbin/sshd"] },
];

describe.each(MODES)("OpenSSH client against $mode mode", ({ mode, needs }) => {
  const missing = needs.find((binary) => !findExecutable(binary)) ?? needs[needs.length - 1];
  requireOrSkip(missing, `the OpenSSH client test in ${mode} mode`)("ssh", () => {
    test("ssh -i key -p port -o UserKnownHostsFile=<[127.0.0.1]:port hostKey> user@127.0.0.1 ifconfig works", async () => {
      const host = await startHost({ mode, loginShell: mode === "sshd" ? "bash" : "sh" });
      const result = await runOpenSsh(host, "ifconfig");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^em0: flags=/);
      expect(host.execs.at(-1)).toMatchObject({ command: "ifconfig", exitCode: 0 });
    });

    test("a host key other than the known one makes ssh refuse to connect", async () => {
      const host = await startHost({ mode, loginShell: mode === "sshd" ? "bash" : "sh" });
      host.faults.useDifferentHostKey();
      const result = await runOpenSsh(host, "ifconfig");
      expect(result.code).toBe(255);
      expect(result.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
      expect(host.execs).toEqual([]);
    });
  });
});
