// sysrc(8): reads and edits the machine's rc.conf files like usr.sbin/sysrc/sysrc does.
import { getopt } from "./argv";
import type { SimFaults } from "../kernel/faults";
import type { SimCommand } from "./host";
import { CommandExit, CommandIo, runCommand } from "./io";
import type { RcConfStore } from "./rcconf";
import { RC_DEFAULTS, RC_DEFAULTS_PATH } from "./rcconf";

interface SysrcFlags {
  all: 0 | 1 | 2;
  check: boolean;
  del: boolean;
  equals: boolean;
  ignoreUnknowns: boolean;
  quiet: boolean;
  verbose: boolean;
  showFile: boolean;
  showName: boolean;
  showValue: boolean;
  listConfs: boolean;
  /** RC_CONFS (-f file, -D): unset means rc_conf_files. */
  files?: string[];
}

function usage(io: CommandIo): never {
  io.err("Usage: sysrc [OPTIONS] {name[[+|-]=value] ... | -a | -A | -l | -L [name ...]}\n");
  io.err("Try `sysrc --help' for more information.\n");
  throw new CommandExit(1);
}

function parseFlags(io: CommandIo, argv: string[]): [SysrcFlags, string[]] {
  const f: SysrcFlags = {
    all: 0, check: false, del: false, equals: false, ignoreUnknowns: false, quiet: false, verbose: false,
    showFile: false, showName: true, showValue: true, listConfs: false,
  };
  const parsed = getopt(argv, "aAcdDeEf:Fhij:lLnNqR:s:vxX", io, () => usage(io));
  for (const { flag, arg } of parsed.options) {
    if (flag === "a") f.all = f.all || 1;
    else if (flag === "A") f.all = 2;
    else if (flag === "c") f.check = true;
    else if (flag === "D") f.files = [];
    else if (flag === "e") f.equals = true;
    else if (flag === "f") f.files = [...(f.files ?? []), arg!];
    else if (flag === "F") f.showFile = true;
    else if (flag === "h") usage(io);
    else if (flag === "i") f.ignoreUnknowns = true;
    else if (flag === "l") f.listConfs = true;
    else if (flag === "n") f.showName = false;
    else if (flag === "N") f.showValue = false;
    else if (flag === "q") [f.quiet, f.verbose] = [true, false];
    else if (flag === "v") [f.verbose, f.quiet] = [true, false];
    else if (flag === "x") f.del = true;
    else io.errx(1, `option -${flag} is not supported by this simulated host`);
  }
  if (f.showFile || !f.showName) f.equals = false;
  if (!f.showValue) [f.showName, f.equals] = [true, false];
  return [f, parsed.operands];
}

/**
 * The `+=`/`-=` list edit of sysrc: the first character of the value is the delimiter when it is not
 * alphanumeric, '.', '/' or blank; items are added once (append keeps the old text verbatim) or
 * removed (the rest is re-joined with the delimiter).
 */
export function editList(before: string, change: string, append: boolean): string {
  const first = change[0] ?? "";
  const custom = first !== "" && !/[\sa-zA-Z0-9./]/.test(first);
  const delim = custom ? first : " ";
  const split = (text: string) => (custom ? text.split(delim) : text.split(/\s+/)).filter(Boolean);
  const current = split(before);
  let result = "";
  if (append) {
    result = before;
    for (const item of split(change)) if (!current.includes(item)) result += delim + item;
  } else {
    const removed = split(change);
    for (const item of current) if (!removed.includes(item)) result += delim + item;
  }
  return result.startsWith(delim) ? result.slice(delim.length) : result;
}

const AWK_ESCAPES: Record<string, string> = { "\\": "\\", n: "\n", t: "\t", b: "\b", f: "\f", r: "\r", v: "\v", a: "\x07" };

/**
 * What awk makes of `-v new_value="$new_value"`: f_sysrc_set (usr.sbin/bsdconfig/share/sysrc.subr,
 * FreeBSD 13/14) rewrites a variable that is already in a file through `awk -v new_value=...`, and the
 * one-true-awk's qstring() (contrib/one-true-awk/lib.c) turns `\\ \n \t \b \f \r \v \a` and up to three
 * digits (octal) into the characters they name, drops the backslash of any other `\c`, and keeps a final
 * `\`. A new variable is appended with sh's echo (no -e: backslashes kept). So `sysrc name='a\$b'` writes
 * `a\$b` the first time and `a$b` over an existing value: the provider unsets before it sets (rcconf.ts).
 */
export function awkAssignedValue(value: string): string {
  return value.replace(/\\([0-9]{1,3}|[\s\S]?)/g, (_m, c: string) => {
    if (c === "") return "\\";
    if (/^[0-9]/.test(c)) return String.fromCharCode([...c].reduce((n, d) => 8 * n + Number(d), 0) & 0xff);
    return AWK_ESCAPES[c] ?? c;
  });
}

/** Whether the next rc.conf write may happen; false (with tail's ENOSPC message) when the disk is full (SimFaults.fillDisk). */
function roomToWrite(io: CommandIo, faults: SimFaults): boolean {
  if (!faults.takeDiskFull()) return true;
  io.err("tail: stdout: No space left on device\n");
  return false;
}

function assign(io: CommandIo, rc: RcConfStore, f: SysrcFlags, word: string, faults: SimFaults): boolean {
  const eq = word.indexOf("=");
  let name = word.slice(0, eq);
  const value = word.slice(eq + 1);
  const mode = name.endsWith("+") ? "append" : name.endsWith("-") ? "remove" : "assign";
  if (mode !== "assign") name = name.slice(0, -1);
  const sep = f.equals ? '="' : ": ";
  if (f.verbose && !f.check) {
    let file = rc.find(name, f.files);
    if (!file || file === RC_DEFAULTS_PATH) file = (f.files ?? rc.defaultFiles())[0];
    io.out(f.equals ? `: ${file}; ` : `${file}: `);
  }
  if (f.del) {
    if (!roomToWrite(io, faults)) return false;
    rc.delete(name, f.files);
    return true;
  }
  if (f.check) {
    const current = rc.get(name, f.files);
    if (current === undefined) {
      if (f.verbose) io.out(`${name}: not currently set\n`);
      return false;
    }
    if (current !== value) {
      if (f.verbose) io.out(`${rc.find(name, f.files)}: ${name}: would change from \`${current}' to \`${value}'\n`);
      return false;
    }
    if (f.verbose) io.out(`${rc.find(name, f.files)}: ${name}: already set to \`${current}'\n`);
    return true;
  }
  const current = rc.get(name, f.files) ?? "";
  const next = mode === "assign" ? value : editList(current, value, mode === "append");
  const before = f.showFile ? rc.find(name, f.files) ?? "" : current;
  // f_sysrc_set: an assignment already in a file is rewritten through awk -v, a new one echoed (above).
  // (Not modelled: awk leaves an old value starting with ` $ or \ alone and appends a second assignment.)
  const file = rc.find(name, f.files);
  if (!roomToWrite(io, faults)) return false;
  rc.set(name, file !== undefined && file !== RC_DEFAULTS_PATH ? awkAssignedValue(next) : next, f.files);
  if (!f.showValue) {
    io.out(`${name}\n`);
    return true;
  }
  const after = f.showFile ? rc.find(name, f.files) ?? "" : rc.get(name, f.files) ?? "";
  const q = f.equals ? '"' : "";
  io.out(`${f.showName ? name + sep : ""}${before}${f.equals ? '" #' : ""} -> ${q}${after}${q}\n`);
  return true;
}

function query(io: CommandIo, rc: RcConfStore, f: SysrcFlags, name: string, faults: SimFaults): boolean {
  const value = rc.get(name, f.files);
  if (value === undefined) {
    if (!f.ignoreUnknowns && !f.quiet) io.warnx(`unknown variable '${name}'`);
    return false;
  }
  if (f.check) return true;
  if (f.del) {
    if (!roomToWrite(io, faults)) return false;
    rc.delete(name, f.files);
    return true;
  }
  if (f.showFile) {
    io.out(`${f.showName ? `${name}: ` : ""}${rc.find(name, f.files)}\n`);
    return true;
  }
  if (f.verbose) io.out(f.equals ? `: ${rc.find(name, f.files)}; ` : `${rc.find(name, f.files)}: `);
  if (!f.showValue) io.out(`${name}\n`);
  else io.out(`${f.showName ? name + (f.equals ? '="' : ": ") : ""}${value}${f.equals ? '"' : ""}\n`);
  return true;
}

function main(io: CommandIo, rc: RcConfStore, argv: string[], faults: SimFaults): void {
  if (argv.length === 0) usage(io);
  for (const arg of argv) {
    if (arg === "--") break;
    if (arg === "--help") usage(io);
    if (arg === "--version") {
      io.out("7.2 Jun-16,2018\n");
      throw new CommandExit(1);
    }
  }
  const [f, names] = parseFlags(io, argv);
  for (const word of names) {
    const name = word.replace(/:[+=-].*$/s, "").replace(/[%#+=-].*$/s, "");
    if (/[^0-9A-Za-z_]/.test(name)) io.errx(1, `${name}: name contains characters not allowed in shell`);
  }
  if (f.listConfs) {
    if (names.length) usage(io);
    io.out(`${(f.files ?? rc.defaultFiles()).join(" ")}\n`);
    return;
  }
  if (names.length === 0 && !f.all) usage(io);
  if (f.del && f.all) io.errx(1, "`-x' option incompatible with `-a'/`-A' options (use `-X' to override)");
  if (f.check && f.all) io.errx(1, "`-c' option incompatible with `-a'/`-A' options");
  if (f.all) {
    const vars = new Map([...(f.all === 2 ? Object.entries(RC_DEFAULTS) : []), ...rc.toMap(f.files)]);
    for (const name of [...vars.keys()].sort()) query(io, rc, f, name, faults);
    return;
  }
  let ok = true;
  for (const word of names) ok = (word.includes("=") ? assign(io, rc, f, word, faults) : query(io, rc, f, word, faults)) && ok;
  if (!ok) io.exitCode = 1;
}

/** The sysrc command. */
export const sysrc: SimCommand = (host, call) => {
  const io = new CommandIo("sysrc");
  return runCommand(io, () => main(io, host.rc, call.argv, host.faults));
};
