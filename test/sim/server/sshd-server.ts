// Runs a real OpenSSH sshd for one simulated host on a free loopback port.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { renderSshdConfig, type SshdConfigSpec } from "./sshd-config";
import { findExecutable } from "./find-executable";

/** A running sshd. */
export interface SshdProcess {
  port: number;
  /** Everything sshd logged (-e sends its log to stderr), for error messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface SshdStartSpec extends Omit<SshdConfigSpec, "port" | "pidFilePath"> {
  /** Directory for sshd_config and the pid file. */
  dir: string;
  /** Command prefix sshd runs under (e.g. nsenter into the host's sandbox namespace). */
  launcher?: string[];
  /** How long to wait for the port to accept connections. Default 10 s. */
  startTimeoutMs?: number;
}

/**
 * Starts `/usr/sbin/sshd -D -e -f <config>` and waits until its port accepts connections. The port is picked
 * free just before, so another process may grab it first: then sshd exits and a new port is tried.
 */
export async function startSshd(spec: SshdStartSpec): Promise<SshdProcess> {
  const sshd = findExecutable("/usr/sbin/sshd") ?? findExecutable("sshd");
  if (!sshd) throw new Error("sshd mode needs OpenSSH's sshd (/usr/sbin/sshd), which is not installed");
  if (process.getuid?.() !== 0) throw new Error("sshd mode needs root (sshd switches to the session user)");
  // sshd refuses to start without its privilege-separation directory; Debian creates it only at service start.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(sshd, spec);
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnFreePort(sshd: string, spec: SshdStartSpec): Promise<SshdProcess> {
  const port = await freeLoopbackPort();
  const configPath = join(spec.dir, "sshd_config");
  writeFileSync(configPath, renderSshdConfig({ ...spec, port, pidFilePath: join(spec.dir, "sshd.pid") }));
  const [program, ...prefix] = [...(spec.launcher ?? []), sshd];
  const child = spawn(program, [...prefix, "-D", "-e", "-f", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForPort(port, child, spec.startTimeoutMs ?? 10_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`sshd did not start: ${(error as Error).message}\n${log}`);
  }
  return {
    port,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A port that was free a moment ago (sshd cannot be handed a listening socket). */
async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited (${child.exitCode ?? child.signalCode})`);
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`port ${port} not accepting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
