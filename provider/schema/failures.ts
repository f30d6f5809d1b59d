// Check failures, the engine's unknown sentinel, property paths and "did you mean" suggestions.

/** The string the Pulumi engine substitutes for values that are not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One problem with the inputs, as Pulumi's `CheckFailure`: a property path (`ports[1]`) and a readable reason. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** Joins a parent path and a key: ("", "mtu") → "mtu", ("connection", "port") → "connection.port". */
export function childPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** The path of a list element: ("ports", 1) → "ports[1]". */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[i].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

/** True when every character of `short` appears in `long` in order ("disableOffload" in "disableHardwareOffload"). */
function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/**
 * The candidate closest to `input` (case-insensitive), if it is a plausible typo (small edit distance) or an
 * abbreviation (its letters in order, at least half the candidate's length).
 */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    // The distance is at least the length difference: beyond the limit the name cannot be suggested, and
    // skipping it keeps a pasted 10 kB key from costing seconds of edit distance (found by generated input).
    if (Math.abs(lower.length - name.length) > limit) continue;
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (best && best.distance <= limit) return best.name;
  const abbreviated = candidates
    .filter((name) => lower.length * 2 >= name.length && isSubsequence(lower, name.toLowerCase()))
    .sort((a, b) => a.length - b.length);
  return abbreviated[0];
}

/** Shows user-supplied text in a reason, shortened so a pasted blob cannot flood the CLI. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** The reason for a key that is not part of the schema, with a suggestion when one is close. */
export function unknownPropertyReason(key: string, known: readonly string[]): string {
  const suggestion = closestName(key, known);
  return suggestion
    ? `unknown property ${quote(key)}; did you mean ${quote(suggestion)}?`
    : `unknown property ${quote(key)}; known properties: ${known.join(", ")}`;
}
