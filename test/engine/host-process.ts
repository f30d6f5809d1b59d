// Starts `@pulumi/pulumi/cmd/dynamic-provider` the way the engine does and reads its port from stdout.

import { spawn, type ChildProcess } from "child_process";
import * as readline from "readline";
import { dynamicProviderHostScript } from "./paths";
import type { StackConfig } from "./types";

/** Options for starting the provider host process. */
export interface HostProcessOptions {
  /** Program directory: its node_modules must resolve @pulumi/pulumi and every package the provider requires. */
  cwd: string;
  project: string;
  /** Stack config; the host's `PULUMI_CONFIG` gets only the `pulumi-nodejs:*` keys, namespace stripped. */
  config?: StackConfig;
  /** Extra environment for the host (e.g. a test seam the provider reads inside its methods). */
  env?: Record<string, string>;
  /** Receives every line the host prints after its port (provider logs appear here, as in `pulumi up`). */
  onLog?: (stream: "stdout" | "stderr", line: string) => void;
  /** How long to wait for the port line (default 30 s). */
  startTimeoutMs?: number;
}

/** The `PULUMI_CONFIG` the engine gives a dynamic-provider host: `pulumi-nodejs:` keys only, namespace stripped. */
export function hostConfigEnv(config: StackConfig = {}): string {
  const prefix = "pulumi-nodejs:";
  const entries = Object.entries(config)
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, v]) => [k.slice(prefix.length), typeof v === "string" ? v : v.value]);
  return JSON.stringify(Object.fromEntries(entries));
}

/** Spawns the host with `127.0.0.1:0` as its (unused) engine address and resolves with the process and port. */
export async function startHostProcess(opts: HostProcessOptions): Promise<{ child: ChildProcess; port: number }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_")));
  const child = spawn(process.execPath, [dynamicProviderHostScript(opts.cwd), "127.0.0.1:0"], {
    cwd: opts.cwd,
    env: {
      ...inherited,
      PULUMI_NODEJS_PROJECT: opts.project,
      PULUMI_PROJECT: opts.project,
      PULUMI_CONFIG: hostConfigEnv(opts.config),
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderrSeen: string[] = [];
  readline.createInterface({ input: child.stderr! }).on("line", (line) => {
    stderrSeen.push(line);
    opts.onLog?.("stderr", line);
  });
  const stdout = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timeoutMs = opts.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => fail(new Error(`provider host printed no port within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    child.once("error", fail);
    child.once("exit", (code, signal) =>
      fail(new Error(`provider host exited (${signal ?? code}) before printing its port:\n${stderrSeen.join("\n")}`)),
    );
    let first = true;
    stdout.on("line", (line) => {
      if (!first) return opts.onLog?.("stdout", line);
      first = false;
      const parsed = Number(line.trim());
      if (!Number.isInteger(parsed) || parsed <= 0) return fail(new Error(`provider host printed "${line}", not a port`));
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(parsed);
    });
  });
  return { child, port };
}

/** Stops the host: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopHostProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  // "close", not "exit": close also waits for stdout/stderr to drain, so every log line the host
  // printed has reached onLog before the caller looks at its events.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  if (child.exitCode !== null || child.signalCode !== null) {
    if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return;
    return closed;
  }
  const exited = closed;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
