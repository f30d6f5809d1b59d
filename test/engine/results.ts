// What each engine operation returns, and how errors are collected from steps.

import { formatCheckFailure } from "./render";
import type { RefreshChange } from "./refresh";
import type { PlannedStep, StepOp, StepOutcome } from "./types";

/** A step or check that failed. */
export interface OperationError {
  urn: string;
  op: StepOutcome["op"];
  message: string;
}

/** Result of {@link Engine.preview}. */
export interface PreviewResult {
  steps: PlannedStep[];
  summary: Record<StepOp, number>;
  /** `pulumi preview`-like text, secrets as [secret]. */
  text: string;
  errors: OperationError[];
}

/** Result of {@link Engine.up} (which never throws for step failures: they are listed in `errors`). */
export interface UpResult extends PreviewResult {
  outcomes: StepOutcome[];
  ok: boolean;
}

/** Result of {@link Engine.refresh}. */
export interface RefreshResult {
  changes: RefreshChange[];
  text: string;
  outcomes: StepOutcome[];
  errors: OperationError[];
  ok: boolean;
}

/** Result of {@link Engine.destroy}. */
export interface DestroyResult {
  outcomes: StepOutcome[];
  errors: OperationError[];
  ok: boolean;
}

/** Check failures and Check/Diff errors of planned steps, as operation errors. */
export function planErrors(steps: PlannedStep[]): OperationError[] {
  return steps.flatMap((s) => [
    ...s.failures.map((f) => ({ urn: s.urn, op: s.op, message: formatCheckFailure(s, f) })),
    ...(s.error !== undefined ? [{ urn: s.urn, op: s.op, message: s.error }] : []),
  ]);
}

/** Failed step outcomes, as operation errors. */
export function outcomeErrors(outcomes: StepOutcome[]): OperationError[] {
  return outcomes.filter((o) => o.status === "failed").map((o) => ({ urn: o.urn, op: o.op, message: o.error ?? "failed" }));
}
