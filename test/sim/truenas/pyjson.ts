// What midclt prints for a result: `print(rv)` for int/str (bool is an int in Python, so True/False),
// otherwise `print(json.dumps(rv))` with Python's default separators (", " and ": ") and ensure_ascii.

function pyString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Python's json.dumps(value) with default arguments. */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === "string") return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyJsonDumps(v)}`).join(", ")}}`;
}

/** The line midclt prints for a call's return value. */
export function midcltResultText(value: unknown): string {
  if (typeof value === "boolean") return value ? "True\n" : "False\n";
  if (typeof value === "string" || (typeof value === "number" && Number.isInteger(value))) return `${value}\n`;
  return `${pyJsonDumps(value)}\n`;
}
