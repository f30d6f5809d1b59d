// captureProgram: run a Pulumi program under mocks in a child process and return what it registered.

import { fork } from "child_process";
import * as path from "path";
import * as readline from "readline";
import type { CaptureReply, CaptureRequest } from "./capture-protocol";
import { compiledSibling } from "./paths";
import type { CapturedResource, ResourceState, StackConfig } from "./types";

/** Options of {@link captureProgram}. */
export interface CaptureOptions {
  /** The program module: compiled JS (e.g. `dist/examples/basic/index.js`), absolute or relative to `cwd`. */
  program: string;
  project: string;
  stack: string;
  /** Stack config, keys `<namespace>:<key>`; secret values become secret Outputs in the program. */
  config?: StackConfig;
  /**
   * Resources already in state: the mocks answer their registration with the stored id and outputs, so values
   * a program derives from another resource's outputs look as they would on a real `pulumi up`.
   */
  priorState?: ResourceState[];
  /** Working directory of the child (default: process.cwd()). */
  cwd?: string;
  /** Receives each line the program prints. */
  onLog?: (stream: "stdout" | "stderr", line: string) => void;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
}

/** What {@link captureProgram} returns. */
export interface CaptureResult {
  /** Custom resources in registration order. */
  resources: CapturedResource[];
  /** The program's stack outputs (as JSON). */
  stackOutputs: unknown;
}

/** Builds the `PULUMI_CONFIG` / `PULUMI_CONFIG_SECRET_KEYS` pair the language host hands a program. */
export function programConfigEnv(config: StackConfig = {}): Record<string, string> {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, v] of Object.entries(config)) {
    values[key] = typeof v === "string" ? v : v.value;
    if (typeof v !== "string" && v.secret) secretKeys.push(key);
  }
  return { PULUMI_CONFIG: JSON.stringify(values), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` in a fresh child process (so the SDK's global state is
 * new each time) and captures every custom resource it registers: engine-style URN, plain inputs with the real
 * serialized `__provider`, which top-level inputs were secret, and the resource options the engine acts on.
 * Rejects with the program's error (stack included) if it throws.
 */
export async function captureProgram(opts: CaptureOptions): Promise<CaptureResult> {
  const cwd = opts.cwd ?? process.cwd();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_")));
  const child = fork(compiledSibling("capture-child"), [], {
    cwd,
    env: { ...inherited, ...programConfigEnv(opts.config) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    execArgv: [],
  });
  for (const stream of ["stdout", "stderr"] as const) {
    readline.createInterface({ input: child[stream]! }).on("line", (line) => opts.onLog?.(stream, line));
  }
  const request: CaptureRequest = {
    program: path.resolve(cwd, opts.program),
    project: opts.project,
    stack: opts.stack,
    priorOutputs: Object.fromEntries(
      (opts.priorState ?? []).filter((r) => !r.pendingDelete).map((r) => [r.urn, { id: r.id, outputs: r.outputs }]),
    ),
  };
  // Wait for "close" too, so every line the program printed has reached onLog before we return.
  const reply = await new Promise<CaptureReply>((resolve, reject) => {
    let answer: CaptureReply | undefined;
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("message", (m: CaptureReply) => (answer = m));
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (answer) return resolve(answer);
      const why = signal === "SIGKILL" ? `timed out after ${timeoutMs} ms` : `exited (${signal ?? code}) without answering`;
      reject(new Error(`capture of ${opts.program} ${why}`));
    });
    child.send(request);
  });
  if (!reply.ok) throw new Error(`program ${opts.program} failed under mocks:\n${reply.error}`);
  return { resources: reply.resources, stackOutputs: reply.stackOutputs };
}
