// Rules for `description`: one line of printable text, as ifconfig's `description` stores it.
import { CheckFailure, UNKNOWN } from "./failures";
import { readString } from "./readers";

/** Longest description accepted (characters). */
export const MAX_DESCRIPTION_LENGTH = 255;

const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_NAMES: Record<string, string> = { "\n": "a newline", "\r": "a carriage return", "\t": "a tab" };

/** Checks `description`; absent gives "". */
export function checkDescription(raw: unknown, failures: CheckFailure[]): unknown {
  const before = failures.length;
  const value = readString(raw, "description", failures, { fallback: "", allowEmpty: true });
  if (failures.length > before || typeof value !== "string" || value === UNKNOWN) return value;
  const characters = [...value];
  if (characters.length > MAX_DESCRIPTION_LENGTH) {
    failures.push({ property: "description", reason: `at most ${MAX_DESCRIPTION_LENGTH} characters, got ${characters.length}` });
  }
  const position = characters.findIndex((c) => CONTROL_CHARACTER.test(c));
  if (position >= 0) {
    const c = characters[position];
    const name = CONTROL_NAMES[c] ?? `control character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    failures.push({
      property: "description",
      reason: `must be printable text on one line; found ${name} at character ${position + 1}`,
    });
  }
  return value;
}

/**
 * What boot would do to a description written to rc.conf, or undefined when it comes back as is.
 * network.subr reads `ifconfig_IF_descr` through get_if_var, `eval echo \${ifconfig_IF_descr}`: the
 * value is expanded unquoted, so it is split into words and each word is globbed (against /, where
 * rc runs), then echo joins the words with one space; FreeBSD sh's echo also takes a first word `-n`
 * or `-e` as its option (bin/sh/bltin/echo.c). Quotes inside the value stay literal (ifconfig_up
 * passes the result on quoted: `ifconfig IF description "${_ifconfig_descr}"`), so no way of writing
 * the value protects it: these descriptions are refused, never silently changed.
 */
export function rcConfDescriptionProblem(description: string): string | undefined {
  if (/^ | $/.test(description)) return "leading or trailing spaces are dropped";
  if (/ {2}/.test(description)) return "runs of spaces collapse into one";
  const glob = /[*?[]/.exec(description);
  if (glob) return `${glob[0]} is a glob character: the word is replaced by matching file names in / when there are any`;
  const first = description.split(" ")[0];
  if (first === "-n" || first === "-e") return `a first word ${first} is taken by echo as its option`;
  return undefined;
}

/**
 * Refuses a description that would not survive a reboot when the lagg is persisted to rc.conf:
 * persist "rc.conf", and "auto", which writes rc.conf on every host without TrueNAS's middleware
 * (check runs before any host is seen; TrueNAS users set persist: "truenas" to keep such a value).
 */
export function checkDescriptionSurvivesRcConf(description: unknown, persist: unknown, failures: CheckFailure[]): void {
  if (typeof description !== "string" || description === UNKNOWN || (persist !== "rc.conf" && persist !== "auto")) return;
  const problem = rcConfDescriptionProblem(description);
  if (!problem) return;
  const auto = persist === "auto" ? ` (persist "auto" writes rc.conf on FreeBSD; on TrueNAS CORE set persist: "truenas" to keep it)` : "";
  failures.push({
    property: "description",
    reason: `would come back changed after a reboot: persisted to rc.conf${auto}, it passes through network.subr's \`eval echo\` at boot, where ${problem}; write it without that`,
  });
}
