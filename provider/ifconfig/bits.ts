// Bit fields as ifconfig's printb()/print_bits() write them: `8843<UP,BROADCAST>`, `0<>`, `0`, `3D`.

import type { BitField } from "./types";

const BIT_FIELD = /^([0-9A-Fa-f]+)(?:<([^>]*)>?)?/;

/**
 * Parses the text after `key=`: a hex value, optionally followed by `<NAME,...>`.
 * Returns undefined when the text does not start with a hex number.
 *
 * Names are kept exactly as printed. Older binaries leave out names of bits they do not know, and the
 * 14+ printer drops `<>` when the value is 0, so `value` is the authoritative part.
 */
export function parseBitField(text: string): BitField | undefined {
  const match = BIT_FIELD.exec(text);
  if (!match) return undefined;
  const names = (match[2] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return { value: parseInt(match[1], 16), names };
}

/**
 * Finds `key=HEX<...>` as a whole word inside a line (e.g. `state=3d<ACTIVITY>` in a laggport line)
 * and parses its value. Returns undefined when the key is absent or has no hex value.
 */
export function findBitField(line: string, key: string): BitField | undefined {
  const at = new RegExp(`(?:^|\\s)${key}=`).exec(line);
  if (!at) return undefined;
  return parseBitField(line.slice(at.index + at[0].length));
}
