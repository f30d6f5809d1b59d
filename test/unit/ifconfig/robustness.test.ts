// Damaged real captures (cut short, a line lost) must still parse: never a throw, never a NaN.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseIfconfig } from "../../../provider/ifconfig/parse";

const FIXTURES = join(__dirname, "../../fixtures/ifconfig");
const texts = readdirSync(FIXTURES)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => [file, readFileSync(join(FIXTURES, file), "utf8")] as const);

/** Offset just past the first header line, so every variant still starts with a whole header. */
function afterHeader(text: string): number {
  const start = text.length - text.trimStart().length;
  const end = text.indexOf("\n", start);
  return end === -1 ? text.length : end + 1;
}

function variants(text: string): string[] {
  const out: string[] = [];
  for (let cut = afterHeader(text); cut <= text.length; cut += 7) out.push(text.slice(0, cut));
  const lines = text.split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  for (let drop = first + 1; drop < lines.length; drop++) out.push(lines.filter((_, index) => index !== drop).join("\n"));
  return out;
}

function hasNaN(value: unknown): boolean {
  if (typeof value === "number") return Number.isNaN(value);
  if (value && typeof value === "object") return Object.values(value).some(hasNaN);
  return false;
}

describe("parseIfconfig on damaged captures", () => {
  test.each(texts)("%s cut at any point or missing any line parses without throwing", (_file, text) => {
    for (const variant of variants(text)) {
      const records = parseIfconfig(variant);
      expect(records.length).toBeGreaterThan(0);
      if (hasNaN(records)) throw new Error(`NaN in result of:\n${variant}`);
    }
  });
});
