// Human output in the shape of `pulumi preview`: one line per change, key-level diffs, a summary. Never secrets.

import { displayValue } from "./secrets";
import { PROVIDER_KEY } from "./json";
import type { CheckFailure, Json, JsonObject, PlannedStep, StackState, StepOp } from "./types";

const SYMBOLS: Record<StepOp, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };

/** Options of {@link renderSteps}. */
export interface RenderOptions {
  /** Under each update/replace, one line per changed key with old and new values (like `--diff`). */
  showValues?: boolean;
}

/** `[diff: +added-removed~changed]`, as the CLI prints after an update or replace. */
export function diffSuffix(step: PlannedStep): string {
  const { added, removed, changed } = step.diff;
  const parts = [["+", added], ["-", removed], ["~", changed]] as const;
  const text = parts.filter(([, keys]) => keys.length > 0).map(([sym, keys]) => sym + keys.join(",")).join("");
  return text ? ` [diff: ${text}]` : "";
}

function valueAt(inputs: JsonObject | undefined, property: string): Json | undefined {
  let value: Json | undefined = inputs;
  for (const part of property.split(/\.|\[(\d+)\]/).filter((p) => p)) {
    value = value !== null && typeof value === "object" ? (value as Record<string, Json>)[part] : undefined;
  }
  return value;
}

/** The engine's check-failure diagnostic, with the offending value redacted when its top-level key is secret. */
export function formatCheckFailure(step: PlannedStep, failure: CheckFailure): string {
  if (!failure.property) return `${step.type} resource '${step.name}' has a problem: ${failure.reason}`;
  const topKey = failure.property.split(/[.[]/)[0];
  const secret = step.desired?.secretInputs.includes(topKey) ?? false;
  const value = displayValue(valueAt(step.desired?.inputs, failure.property), secret);
  return `${step.type} resource '${step.name}': property ${failure.property} value {${value}} has a problem: ${failure.reason}`;
}

function valueLines(step: PlannedStep): string[] {
  const olds = step.old?.inputs ?? {};
  const news = step.checkedInputs ?? {};
  const secret = (key: string) =>
    (step.old?.secretInputs.includes(key) ?? false) || (step.desired?.secretInputs.includes(key) ?? false);
  return [
    ...step.diff.added.map((k) => `      + ${k}: ${displayValue(news[k], secret(k))}`),
    ...step.diff.removed.map((k) => `      - ${k}: ${displayValue(olds[k], secret(k))}`),
    ...step.diff.changed.map((k) => `      ~ ${k}: ${displayValue(olds[k], secret(k))} => ${displayValue(news[k], secret(k))}`),
  ];
}

/** Counts of steps per operation. */
export function summarize(steps: PlannedStep[]): Record<StepOp, number> {
  const counts: Record<StepOp, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
  for (const step of steps) counts[step.op]++;
  return counts;
}

/** `Resources: + 1 to create, ~ 1 to update, +- 1 to replace, - 1 to delete, 2 unchanged`. */
export function summaryLine(steps: PlannedStep[]): string {
  const c = summarize(steps);
  const parts = [
    c.create && `+ ${c.create} to create`,
    c.update && `~ ${c.update} to update`,
    c.replace && `+- ${c.replace} to replace`,
    c.delete && `- ${c.delete} to delete`,
    c.same && `${c.same} unchanged`,
  ].filter(Boolean);
  return `Resources: ${parts.length ? parts.join(", ") : "no resources"}`;
}

/** Renders planned steps like `pulumi preview`: unchanged resources omitted, errors under their resource. */
export function renderSteps(steps: PlannedStep[], opts: RenderOptions = {}): string {
  const lines: string[] = [];
  for (const step of steps) {
    const failed = step.failures.length > 0 || step.error !== undefined;
    if (step.op === "same" && !failed) continue;
    const suffix = step.op === "update" || step.op === "replace" ? diffSuffix(step) : "";
    lines.push(`${SYMBOLS[step.op]} ${step.type} ${step.name} ${step.op}${suffix}`);
    if (opts.showValues && (step.op === "update" || step.op === "replace")) lines.push(...valueLines(step));
    for (const failure of step.failures) lines.push(`    error: ${formatCheckFailure(step, failure)}`);
    if (step.error !== undefined) lines.push(`    error: ${step.error}`);
  }
  lines.push(summaryLine(steps));
  return lines.join("\n");
}

/**
 * A stack state for people: each resource's URN and id, then its outputs one per line, secrets as [secret] and
 * `__provider` as its size. Print this, never the state file itself (it holds secrets in plaintext).
 */
export function renderState(state: StackState): string {
  const lines: string[] = [];
  for (const r of state.resources) {
    const flags = [r.pendingDelete && "pending delete", r.initErrors?.length && `init errors: ${r.initErrors.join("; ")}`];
    lines.push(`${r.urn} id=${r.id}${flags.filter(Boolean).map((f) => ` (${f})`).join("")}`);
    for (const [key, value] of Object.entries(r.outputs).sort(([a], [b]) => a.localeCompare(b))) {
      const shown = key === PROVIDER_KEY && !r.secretOutputs.includes(key) ? `<${String(value).length} chars of serialized code>` : displayValue(value, r.secretOutputs.includes(key));
      lines.push(`    ${key}: ${shown}`);
    }
  }
  return lines.join("\n");
}
