// The persisted rc.conf(5) files of a machine, read and written the way sh(1) and sysrc(8) do.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const RC_CONF = "/etc/rc.conf";
export const RC_DEFAULTS_PATH = "/etc/defaults/rc.conf";

/** The part of /etc/defaults/rc.conf the simulated rc scripts and sysrc consult. */
export const RC_DEFAULTS: Readonly<Record<string, string>> = {
  rc_conf_files: "/etc/rc.conf /etc/rc.conf.local",
  hostname: "",
  netif_enable: "YES",
  network_interfaces: "auto",
  cloned_interfaces: "",
  cloned_interfaces_sticky: "NO",
  ipv6_network_interfaces: "auto",
  ipv6_activate_all_interfaces: "NO",
  ipv6_enable: "NO",
  synchronous_dhclient: "NO",
  defaultrouter: "NO",
  ipv6_defaultrouter: "NO",
  gateway_enable: "NO",
  ipv6_gateway_enable: "NO",
  sshd_enable: "NO",
};

interface ParsedLine {
  name: string;
  value: string;
  /** Offsets of the value token (after '=') in the line. */
  start: number;
  end: number;
  quote: string;
}

/** Parses `name=value` (double-, single- or un-quoted) as sh would assign it. */
function parseLine(line: string): ParsedLine | null {
  const m = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)=/);
  if (!m) return null;
  const start = m[0].length;
  const quote = line[start] === '"' || line[start] === "'" ? line[start] : "";
  let value = "";
  let i = start;
  if (quote === "'") {
    const close = line.indexOf("'", start + 1);
    i = close < 0 ? line.length : close + 1;
    value = line.slice(start + 1, close < 0 ? line.length : close);
  } else if (quote === '"') {
    for (i = start + 1; i < line.length && line[i] !== '"'; i++) {
      if (line[i] === "\\" && '"\\$`'.includes(line[i + 1] ?? "")) i++;
      value += line[i];
    }
    i = Math.min(i + 1, line.length);
  } else {
    for (; i < line.length && !/[\s;#]/.test(line[i]); i++) value += line[i];
  }
  return { name: m[1], value, start, end: i, quote };
}

/** rc.conf files by path; values as sourcing them would leave them. */
export class RcConfStore {
  private readonly files = new Map<string, string[]>();
  /** Where the files live on disk once attached (the simulated host's root), and what was last seen there. */
  private root?: string;
  private readonly seen = new Map<string, string>();

  constructor(private readonly onChange?: (name: string, file: string) => void) {}

  /**
   * Backs the files with real ones under `root` (the simulated host's `/`): the current content is written
   * there, and from then on every read picks up edits made on disk (`echo ... >> /etc/rc.conf`, `sed -i`), and
   * every change is written back, so `cat /etc/rc.conf` in a session shows what sysrc wrote.
   */
  attachDirectory(root: string): void {
    this.root = root;
    for (const path of this.files.keys()) this.flush(path);
  }

  private diskPath(path: string): string | undefined {
    return this.root && path.startsWith("/") && !path.split("/").includes("..") ? join(this.root, path) : undefined;
  }

  private stamp(file: string): string {
    try {
      const st = statSync(file);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return "missing";
    }
  }

  /** The lines of `path`, reloaded from disk when the file changed there. */
  private lines(path: string): string[] | undefined {
    const file = this.diskPath(path);
    if (file) {
      const stamp = this.stamp(file);
      if (stamp !== this.seen.get(path)) {
        this.seen.set(path, stamp);
        if (stamp === "missing") this.files.delete(path);
        else this.files.set(path, splitLines(readFileSync(file, "utf8")));
      }
    }
    return this.files.get(path);
  }

  private flush(path: string): void {
    const file = this.diskPath(path);
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    const lines = this.files.get(path);
    // Each write replaces the whole file at once, as f_sysrc_set/f_sysrc_delete do (a temporary file, then
    // mv over the original: usr.sbin/bsdconfig/share/sysrc.subr, FreeBSD 13/14). A new variable is appended
    // there with `echo >>`, one short write; not modelled apart. A reboot sees the file before or after.
    const temp = `${file}.sysrc-tmp`;
    writeFileSync(temp, lines && lines.length ? `${lines.join("\n")}\n` : "");
    renameSync(temp, file);
    this.seen.set(path, this.stamp(file));
  }

  /** The lines of a file as it is on disk ("" for a missing file). */
  text(path = RC_CONF): string {
    const lines = this.lines(path);
    return lines && lines.length ? `${lines.join("\n")}\n` : "";
  }

  /** Replaces a file's content. */
  setText(path: string, text: string): void {
    this.files.set(path, splitLines(text));
    this.flush(path);
  }

  /** rc_conf_files: the files sourced at boot, in order. */
  defaultFiles(): string[] {
    return (this.get("rc_conf_files", []) ?? "").split(/\s+/).filter(Boolean);
  }

  /** The value after sourcing the defaults and then `files` (default rc_conf_files). */
  get(name: string, files?: string[]): string | undefined {
    let value = RC_DEFAULTS[name];
    for (const path of files ?? this.defaultFiles()) {
      for (const line of this.lines(path) ?? []) {
        const parsed = parseLine(line);
        if (parsed?.name === name) value = parsed.value;
      }
    }
    return value;
  }

  /** The file holding the effective assignment (searching the last file first), or the defaults. */
  find(name: string, files?: string[]): string | undefined {
    for (const path of [...(files ?? this.defaultFiles())].reverse()) {
      if ((this.lines(path) ?? []).some((line) => parseLine(line)?.name === name)) return path;
    }
    return name in RC_DEFAULTS ? RC_DEFAULTS_PATH : undefined;
  }

  /**
   * f_sysrc_set: replaces the last assignment in the file that has it, keeping the quoting and
   * anything after the value; otherwise appends `name="value"` to the first file.
   */
  set(name: string, value: string, files?: string[]): void {
    const list = files ?? this.defaultFiles();
    const found = this.find(name, list);
    if (!found || found === RC_DEFAULTS_PATH) {
      const first = list[0] ?? RC_CONF;
      this.files.set(first, [...(this.lines(first) ?? []), `${name}="${value}"`]);
      this.flush(first);
      this.onChange?.(name, first);
      return;
    }
    const lines = this.lines(found)!;
    for (let i = lines.length - 1; i >= 0; i--) {
      const parsed = parseLine(lines[i]);
      if (parsed?.name !== name) continue;
      const q = parsed.quote === "'" ? "'" : '"';
      lines[i] = `${lines[i].slice(0, parsed.start)}${q}${value}${q}${lines[i].slice(parsed.end)}`;
      break;
    }
    this.flush(found);
    this.onChange?.(name, found);
  }

  /** f_sysrc_delete: removes every assignment of `name` from `files`; true when one was found. */
  delete(name: string, files?: string[]): boolean {
    let found = false;
    for (const path of files ?? this.defaultFiles()) {
      const lines = this.lines(path);
      if (!lines) continue;
      const kept = lines.filter((line) => parseLine(line)?.name !== name);
      if (kept.length === lines.length) continue;
      this.files.set(path, kept);
      this.flush(path);
      found = true;
      this.onChange?.(name, path);
    }
    return found;
  }

  /** Every variable assigned in `files` (not the defaults), with its effective value. */
  toMap(files?: string[]): Map<string, string> {
    const vars = new Map<string, string>();
    for (const path of files ?? this.defaultFiles()) {
      for (const line of this.lines(path) ?? []) {
        const parsed = parseLine(line);
        if (parsed) vars.set(parsed.name, parsed.value);
      }
    }
    return vars;
  }
}

function splitLines(text: string): string[] {
  return text.split("\n").filter((line, i, all) => i < all.length - 1 || line !== "");
}
