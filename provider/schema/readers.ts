// Type-level readers for one input value: the right JSON type, the unknown sentinel passed through, defaults.
import { CheckFailure, UNKNOWN, closestName, indexPath, quote } from "./failures";

/** A plain object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Omitted: undefined or null (null lets a program "blank" a field back to its default). */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** The JSON type of a value in words, for "expected X, got Y" reasons. Never shows the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return value === "" ? "an empty string" : "a string";
    case "number":
      return Number.isFinite(value) ? "a number" : "a non-finite number";
    case "boolean":
      return `${value}`;
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/** Reads a boolean; absent gives `fallback`. Returns the value to keep in the inputs. */
export function readBoolean(raw: unknown, path: string, failures: CheckFailure[], fallback?: boolean): unknown {
  if (raw === UNKNOWN) return raw;
  if (isAbsent(raw)) return fallback;
  if (typeof raw !== "boolean") failures.push({ property: path, reason: `expected true or false, got ${describeType(raw)}` });
  return raw;
}

/** Limits for {@link readInteger}. `showValue` adds the rejected number to the reason (never for secrets). */
export interface IntegerRule {
  min: number;
  max?: number;
  fallback?: number;
  showValue?: boolean;
  unit?: string;
}

/** Reads an integer within [min, max]; absent gives the fallback. */
export function readInteger(raw: unknown, path: string, failures: CheckFailure[], rule: IntegerRule): unknown {
  if (raw === UNKNOWN) return raw;
  if (isAbsent(raw)) return rule.fallback;
  const unit = rule.unit ? ` ${rule.unit}` : "";
  const expected =
    rule.max === undefined ? `an integer of at least ${rule.min}${unit}` : `an integer from ${rule.min} to ${rule.max}${unit}`;
  if (typeof raw !== "number") {
    const quotedNumber = typeof raw === "string" && /^-?[0-9]+$/.test(raw) ? "; write the number without quotes" : "";
    failures.push({ property: path, reason: `expected a number (${expected}), got ${describeType(raw)}${quotedNumber}` });
  } else if (!Number.isInteger(raw) || raw < rule.min || (rule.max !== undefined && raw > rule.max)) {
    failures.push({ property: path, reason: `expected ${expected}${rule.showValue ? `, got ${raw}` : ""}` });
  }
  return raw;
}

/** Reads a string; absent gives `fallback`, or a "required" failure when `requiredWhat` describes the field. */
export function readString(
  raw: unknown,
  path: string,
  failures: CheckFailure[],
  options: { fallback?: string; requiredWhat?: string; allowEmpty?: boolean } = {},
): unknown {
  if (raw === UNKNOWN) return raw;
  if (isAbsent(raw)) {
    if (options.requiredWhat) failures.push({ property: path, reason: `required: ${options.requiredWhat}` });
    return options.fallback;
  }
  if (typeof raw !== "string") {
    failures.push({ property: path, reason: `expected a string, got ${describeType(raw)}` });
  } else if (raw === "" && !options.allowEmpty) {
    failures.push({ property: path, reason: `must not be empty${options.requiredWhat ? `: ${options.requiredWhat}` : ""}` });
  }
  return raw;
}

/**
 * Reads a list of strings; absent gives a copy of `fallback`, or a "required" failure when `requiredWhat` is set.
 * Returns the list to keep and the indexes of its known string elements (unknown elements are skipped).
 */
export function readStringList(
  raw: unknown,
  path: string,
  failures: CheckFailure[],
  options: { fallback?: readonly string[]; requiredWhat?: string; example: string },
): { value: unknown; items: { index: number; text: string }[] } {
  if (raw === UNKNOWN) return { value: raw, items: [] };
  if (isAbsent(raw)) {
    if (options.requiredWhat) failures.push({ property: path, reason: `required: ${options.requiredWhat}` });
    return { value: options.fallback ? [...options.fallback] : undefined, items: [] };
  }
  if (!Array.isArray(raw)) {
    failures.push({
      property: path,
      reason: `expected a list of strings like ${options.example}, got ${describeType(raw)}`,
    });
    return { value: raw, items: [] };
  }
  const items: { index: number; text: string }[] = [];
  raw.forEach((element, index) => {
    if (element === UNKNOWN) return;
    if (typeof element === "string") items.push({ index, text: element });
    else failures.push({ property: indexPath(path, index), reason: `expected a string, got ${describeType(element)}` });
  });
  return { value: [...raw], items };
}

/** Reads one of `allowed`; absent gives `fallback` or a "required" failure. Suggests the closest value on a typo. */
export function readChoice(
  raw: unknown,
  path: string,
  failures: CheckFailure[],
  allowed: readonly string[],
  options: { fallback?: string; requiredWhat?: string } = {},
): unknown {
  if (raw === UNKNOWN) return raw;
  if (isAbsent(raw)) {
    if (options.requiredWhat) failures.push({ property: path, reason: `required: ${options.requiredWhat}` });
    return options.fallback;
  }
  const expected = `expected one of ${allowed.join(", ")}`;
  if (typeof raw !== "string") {
    failures.push({ property: path, reason: `${expected}, got ${describeType(raw)}` });
  } else if (!allowed.includes(raw)) {
    const suggestion = closestName(raw, allowed);
    failures.push({
      property: path,
      reason: `${expected}, got ${quote(raw)}${suggestion ? `; did you mean ${quote(suggestion)}?` : ""}`,
    });
  }
  return raw;
}
