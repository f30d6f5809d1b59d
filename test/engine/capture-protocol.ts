// Messages between `captureProgram` and the capture child process (over the fork IPC channel).

import type { CapturedResource, JsonObject } from "./types";

/** What the parent asks the child to run. Config travels in the child's environment, as the CLI does it. */
export interface CaptureRequest {
  /** Absolute path of the program module. */
  program: string;
  project: string;
  stack: string;
  /** Outputs and ids the mocks answer with for resources that already exist (by URN). */
  priorOutputs: Record<string, { id: string; outputs: JsonObject }>;
}

/** The child's answer. */
export type CaptureReply =
  | { ok: true; resources: CapturedResource[]; stackOutputs: unknown }
  | { ok: false; error: string };
