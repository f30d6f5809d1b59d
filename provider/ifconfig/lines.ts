// Splitting captured text into lines, undoing what copy-paste does to ifconfig(8) output.

import type { IfconfigSourceLine } from "./errors";

// No-break and other Unicode spaces that web pages and chat tools put in place of ASCII spaces.
const UNICODE_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// Zero-width characters (and a BOM anywhere) that are invisible in a copy but break word matching.
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * Splits `text` on LF, CRLF or lone CR into numbered lines (1-based). Unicode spaces become ASCII
 * spaces and zero-width characters are removed, so a capture copied from a web page reads like the
 * terminal output; tabs and trailing spaces are kept.
 */
export function splitLines(text: string): IfconfigSourceLine[] {
  return text
    .replace(ZERO_WIDTH, "")
    .replace(UNICODE_SPACES, " ")
    .split(/\r\n|\n|\r/)
    .map((lineText, index) => ({ number: index + 1, text: lineText }));
}
