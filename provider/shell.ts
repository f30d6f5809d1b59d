// POSIX shell quoting. Every word sent to a host goes through here; no other quoting exists.

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word for a POSIX shell: bare when it holds only safe characters, else single-quoted. */
export function shQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces: an argv as one shell command line. */
export function shJoin(argv: readonly string[]): string {
  return argv.map(shQuote).join(" ");
}
