// What check must do for any input (issue 17): the properties the generated-input suite asserts.
import { LAGG_FIELDS, UNKNOWN } from "../../provider/schema";
import { renderScriptFor } from "../../provider/script/print";

/** One failure as check returns it. */
export interface Failure {
  property: string;
  reason: string;
}

/**
 * Words that say what is allowed (or what to do instead): every reason must carry one, so a user
 * reading it knows what to write. Collected from the reasons check gives; a reason without one is a defect.
 */
export const SAYS_WHAT_IS_ALLOWED =
  /expected|at most|at least|between|one of|must|did you mean|known properties|only|use |set |required|allowed|accepts|write it|refused|needs|cannot|not both|or |a lagg|duplicate|list each|leading zero|\d+ to \d+|to \d+|is not|takes|needs|keeps|give/i;

/** Problems with one failure, or [] (secret: the bytes no failure may contain). */
export function failureProblems(f: Failure, input: unknown, secret: string): string[] {
  const problems: string[] = [];
  if (typeof f.property !== "string" || typeof f.reason !== "string") return [`not {property, reason} strings: ${JSON.stringify(f)}`];
  if (f.reason.trim() === "") problems.push(`empty reason for ${f.property}`);
  if (f.reason.includes(secret) || f.property.includes(secret)) problems.push(`secret in failure ${f.property}`);
  if (f.reason.includes("internal error")) problems.push(`check crashed: ${f.reason}`);
  const root = f.property.split(/[.[]/)[0];
  const given = input !== null && typeof input === "object" && !Array.isArray(input) ? Object.keys(input as object) : [];
  if (f.property !== "" && !(LAGG_FIELDS as readonly string[]).includes(root) && !given.includes(f.property)) {
    problems.push(`failure names ${JSON.stringify(f.property)}, neither a Lagg property nor one given`);
  }
  if (!SAYS_WHAT_IS_ALLOWED.test(f.reason)) problems.push(`reason does not say what is allowed: ${f.property}: ${f.reason}`);
  return problems;
}

/** Whether a value holds the engine's unknown sentinel anywhere (preview: not everything is checkable). */
export function holdsUnknown(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes(UNKNOWN);
}

/** Renders every script the operations send for accepted args (throws when one cannot be rendered). */
export function renderAll(args: Record<string, unknown>, olds: Record<string, unknown>): string[] {
  return [
    ...renderScriptFor("create", args),
    ...renderScriptFor("update", args, olds),
    ...renderScriptFor("confirm", args, olds),
    ...renderScriptFor("delete", args),
    ...renderScriptFor("read", args),
  ];
}
