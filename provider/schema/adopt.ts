// `adopt`: what to do when a lagg of that name already exists on the host at create.
import { CheckFailure, UNKNOWN } from "./failures";
import { describeType, isAbsent } from "./readers";

/** The reason every rejected `adopt` value gets: the allowed values and what each does. */
export const ADOPT_EXPECTED =
  'expected false (refuse a lagg that already exists), true (take it over and converge it, logging each change) ' +
  'or "observe" (take it over as it is, changing nothing)';

/** Reads `adopt`: false (default), true or "observe". */
export function checkAdopt(raw: unknown, failures: CheckFailure[]): unknown {
  if (raw === UNKNOWN) return raw;
  if (isAbsent(raw)) return false;
  if (raw === true || raw === false || raw === "observe") return raw;
  const got = typeof raw === "string" && raw.length <= 20 && /^[\w -]*$/.test(raw) ? `"${raw}"` : describeType(raw);
  failures.push({ property: "adopt", reason: `${ADOPT_EXPECTED}, got ${got}` });
  return raw;
}
