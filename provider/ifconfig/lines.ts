// Splitting captured text into lines, undoing what copy-paste does to ifconfig(8) output.

import type { IfconfigSourceLine } from "./errors";

// No-break and other Unicode spaces that web pages and chat tools put in place of ASCII spaces.
const UNICODE_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// Zero-width characters (and a BOM anywhere) that are invisible in a copy but break word matching.
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/** `description: ` as ifconfig prints it (sbin/ifconfig/ifconfig.c, status(): `printf("\tdescription: %s\n", ...)`). */
const DESCRIPTION_LINE = /^\s*description:/;

/**
 * Splits `text` on LF, CRLF or lone CR into numbered lines (1-based). Unicode spaces become ASCII
 * spaces and zero-width characters are removed, so a capture copied from a web page reads like the
 * terminal output; tabs and trailing spaces are kept. A description line keeps its value verbatim: the
 * description is the user's own text (check accepts no-break and zero-width characters in it), and
 * reading it back changed would show drift at every refresh (found by the generated-input suite).
 */
export function splitLines(text: string): IfconfigSourceLine[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((raw, index) => ({ number: index + 1, text: normalizeLine(raw) }));
}

function normalizeLine(raw: string): string {
  const line = raw.replace(ZERO_WIDTH, "").replace(UNICODE_SPACES, " ");
  if (!DESCRIPTION_LINE.test(line)) return line;
  const at = raw.indexOf("description:");
  if (at < 0) return line; // the keyword itself was broken by a copy: nothing verbatim to keep
  // The one separator after the keyword is ifconfig's ASCII space; a web copy's no-break space there is not the value.
  const value = raw.slice(at + "description:".length).replace(/^[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/, " ");
  return `${line.slice(0, line.indexOf("description:"))}description:${value}`;
}
