// Reading another process's environment (Linux /proc): how shims hand over the session's env for free.
import { readFileSync } from "node:fs";

/** The environment process `pid` was started with; {} when it is gone or unreadable. */
export function readEnviron(pid: number): Record<string, string> {
  const env: Record<string, string> = {};
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/environ`, "utf8");
  } catch {
    return env;
  }
  for (const entry of raw.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
