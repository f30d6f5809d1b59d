// Entry point: ifconfig(8) text from any FreeBSD generation -> one record per interface.

import { IfconfigParseError } from "./errors";
import { isInterfaceHeader, parseInterfaceBlock, type InterfaceBlock } from "./interface-block";
import { splitLines } from "./lines";
import type { IfconfigInterface } from "./types";

export { IfconfigParseError } from "./errors";
export type { IfconfigSourceLine } from "./errors";

/**
 * Parses the output of `ifconfig`, `ifconfig -a`, `ifconfig -v`, `ifconfig -m` (and `-f inet:dotted`,
 * `-f inet:cidr`, `-f inet6:cidr`) into one record per interface, in output order.
 *
 * Accepts every layout from FreeBSD 7 to 15: any line order, tab or space indentation, CRLF line
 * endings, trailing spaces, no-break spaces from web copies, a first body line pasted onto the header.
 * A block starts at each `name: flags=...` header; a block is a lagg when it has a `laggproto` line,
 * whatever its name. Unknown lines are ignored. Empty or whitespace-only input gives `[]`.
 *
 * @throws IfconfigParseError when the first non-blank line is not an interface header, i.e. the text
 *   is not ifconfig output at all (`sh: ifconfig: not found`, an HTML page, ...).
 */
export function parseIfconfig(text: string): IfconfigInterface[] {
  const blocks: InterfaceBlock[] = [];
  for (const line of splitLines(text)) {
    if (line.text.trim() === "") continue;
    if (isInterfaceHeader(line.text)) {
      blocks.push({ header: line, body: [] });
    } else if (blocks.length > 0) {
      blocks[blocks.length - 1].body.push(line);
    } else {
      throw new IfconfigParseError("expected an interface header (`name: flags=...`)", line);
    }
  }
  return blocks.map(parseInterfaceBlock);
}
