// The provider's two-part exec (runConversation) against a simulated host: the first part reads and prints
// a sentinel, the shell waits on stdin while the provider "plans" (a pause), then runs the second part.
// Shared by the login-shell (ssh2 mode) and real-sshd tests: the waiting must hold behind every login shell.
import { closeAllConnections, runConversation } from "../../../provider/ssh";
import type { SimHost } from "../server/sim-host-types";

/** Runs a read, a 300 ms pause, then a change in one exec on `host`; returns what a test checks. */
export async function readPauseThenChange(host: SimHost) {
  const before = host.execs.length;
  const connection = { host: host.host, port: host.port, user: host.user, privateKey: host.privateKey, hostKey: host.hostKey };
  const first = "ifconfig igb0 >/dev/null && echo 'read igb0'; echo \"shell $$\"; echo '@@conv READ-END'\n";
  const second = "echo \"change by $$\"; exit 4\n";
  try {
    const r = await runConversation(connection, first, "@@conv READ-END", async (part) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return part.stdout.startsWith("read igb0\n") ? second : undefined;
    });
    const shell = r.first.stdout.match(/shell (\d+)/)?.[1];
    return {
      first: r.first.stdout.replace(`shell ${shell}`, "shell PID"),
      second: r.second && { stdout: r.second.stdout.replace(shell ?? "none", "SAME"), exitCode: r.second.exitCode },
      execs: host.execs.slice(before).map((e) => ({ command: e.command, stdin: e.stdin, exitCode: e.exitCode })),
    };
  } finally {
    await closeAllConnections();
  }
}

/** What {@link readPauseThenChange} must return behind every login shell and sshd. */
export const READ_PAUSE_THEN_CHANGE = {
  first: "read igb0\nshell PID\n",
  second: { stdout: "change by SAME\n", exitCode: 4 },
  execs: [{
    command: "/bin/sh -s",
    stdin: "ifconfig igb0 >/dev/null && echo 'read igb0'; echo \"shell $$\"; echo '@@conv READ-END'\necho \"change by $$\"; exit 4\n",
    exitCode: 4,
  }],
};
