// The one error parseIfconfig throws: the text is not ifconfig(8) output at all.

/** The offending input line: 1-based number and its text (without line terminator). */
export interface IfconfigSourceLine {
  number: number;
  text: string;
}

/**
 * Thrown by `parseIfconfig` only when the input is not ifconfig(8) output, e.g. the first non-blank line
 * is not an interface header (`sh: ifconfig: not found`, an HTML page). Unknown lines inside a valid
 * interface block never throw.
 */
export class IfconfigParseError extends Error {
  override readonly name = "IfconfigParseError";
  /** The line that made the text unparseable. */
  readonly line: IfconfigSourceLine;

  constructor(reason: string, line: IfconfigSourceLine) {
    super(`not ifconfig(8) output: ${reason} at line ${line.number}: ${JSON.stringify(truncate(line.text))}`);
    this.line = line;
  }
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
