// Rules for `description`: one line of printable text, as ifconfig's `description` stores it.
import { CheckFailure, UNKNOWN } from "./failures";
import { readString } from "./readers";

/** Longest description accepted (characters). */
export const MAX_DESCRIPTION_LENGTH = 255;

const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_NAMES: Record<string, string> = { "\n": "a newline", "\r": "a carriage return", "\t": "a tab" };

/** Checks `description`; absent gives "". */
export function checkDescription(raw: unknown, failures: CheckFailure[]): unknown {
  const before = failures.length;
  const value = readString(raw, "description", failures, { fallback: "", allowEmpty: true });
  if (failures.length > before || typeof value !== "string" || value === UNKNOWN) return value;
  const characters = [...value];
  if (characters.length > MAX_DESCRIPTION_LENGTH) {
    failures.push({ property: "description", reason: `at most ${MAX_DESCRIPTION_LENGTH} characters, got ${characters.length}` });
  }
  const position = characters.findIndex((c) => CONTROL_CHARACTER.test(c));
  if (position >= 0) {
    const c = characters[position];
    const name = CONTROL_NAMES[c] ?? `control character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    failures.push({
      property: "description",
      reason: `must be printable text on one line; found ${name} at character ${position + 1}`,
    });
  }
  return value;
}
