// getopt(3) with BSD semantics and messages, shared by the emulated commands.
import type { CommandIo } from "./io";

/** One parsed option: the letter and its argument when the optstring says it takes one. */
export interface ParsedOption {
  flag: string;
  arg?: string;
}

/** The result of getopt: options in order, then the operands. */
export interface ParsedArgs {
  options: ParsedOption[];
  operands: string[];
}

/**
 * Parses leading options like getopt(3): clusters ("-av"), attached or separate arguments ("-fX",
 * "-f X"), stops at "--" or the first operand. Unknown options and missing arguments print BSD's
 * messages and call `usage`.
 */
export function getopt(argv: string[], optstring: string, io: CommandIo, usage: () => never): ParsedArgs {
  const options: ParsedOption[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i];
    if (word === "--") {
      i++;
      break;
    }
    if (!word.startsWith("-") || word === "-") break;
    for (let j = 1; j < word.length; j++) {
      const flag = word[j];
      const at = optstring.indexOf(flag);
      if (flag === ":" || at < 0) {
        io.warnx(`illegal option -- ${flag}`);
        usage();
      }
      if (optstring[at + 1] !== ":") {
        options.push({ flag });
        continue;
      }
      let arg = word.slice(j + 1);
      if (arg === "") {
        if (i + 1 >= argv.length) {
          io.warnx(`option requires an argument -- ${flag}`);
          usage();
        }
        arg = argv[++i];
      }
      options.push({ flag, arg });
      break;
    }
  }
  return { options, operands: argv.slice(i) };
}
