// The bench's cheap host mode (issue 16): a fleet of hosts that start alike and are sent the same scripts runs
// each distinct script once for real and replays it on the others in process, so 200 simulated hosts fit on 2
// cores and the bench measures the provider, not the simulator's shells.
//
// Recording (the first host to get a script in a given state): the exec runs as always (login shell, /bin/sh,
// the shims, the kernel model); the transcript keeps the stdin and output in the order they crossed the
// channel, the exit status, the emulated `ifconfig` commands the session ran, and how the files of the host's
// /etc and state dir changed. Replaying (a host in the same state getting the same script, nonces aside): the
// stdin is matched against the transcript as it arrives (a two-part conversation waits for its second part as a
// real shell would), the same ifconfig commands run on this host's kernel model (their answers must match the
// recording, or the replay fails loudly), the file changes are applied, and the recorded output is sent with this
// session's nonces. Nothing is replayed that the recording cannot vouch for: a transcript with any other
// emulated command (sysrc writes go through the files), a signal, or a cut connection is not kept.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { ServerChannel } from "ssh2";
import type { SimMachine } from "../machine-api";
import type { HostDirs } from "./host-dirs";
import type { Transcript, TranscriptEvent } from "./replay-cache";

const NONCE = /@@lagg-[0-9a-f]+/g;

/** The exec command and the host's state as scripts can see it: the kernel (`ifconfig -a -v`) and the files they edit. */
export async function hostStateKey(machine: SimMachine, dirs: HostDirs, command: string): Promise<string> {
  const records = machine.records.commands;
  const before = records.length;
  const kernel = await machine.run("ifconfig", ["-a", "-v"], { stdin: "", env: {} });
  records.splice(before); // the simulator's own look, not the session's
  const hash = createHash("sha256").update(command).update("\0").update(kernel.stdout);
  for (const [path, content] of Object.entries(snapshotFiles(dirs)).sort()) hash.update(`\0${path}\0${content}`);
  return hash.digest("hex");
}

/** The files a script may change: the host's /etc and its state dir (small, flat enough to read whole). */
export function snapshotFiles(dirs: HostDirs): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (label: string, base: string, dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      // Symlinks are the layout's (etc/alternatives into /usr), not the scripts'.
      const st = lstatSync(path);
      if (st.isDirectory()) walk(label, base, path);
      else if (st.isFile()) out[`${label}:${relative(base, path)}`] = readFileSync(path, "utf8");
    }
  };
  walk("etc", join(dirs.sysroot, "etc"), join(dirs.sysroot, "etc"));
  walk("state", dirs.state, dirs.state);
  return out;
}

function filePath(dirs: HostDirs, key: string): string {
  const [label, rel] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  return label === "etc" ? join(dirs.sysroot, "etc", rel) : join(dirs.state, rel);
}

/** Taps a real exec's channel so its transcript can be kept; `finish` builds it once the session ended. */
export function tapChannel(channel: ServerChannel, ended: boolean, stdinDriven = true): { finish(exitCode: number | null, ok: boolean, commands: Transcript["commands"], files: Transcript["files"]): Transcript | undefined } {
  const events: TranscriptEvent[] = [];
  const push = (event: TranscriptEvent): void => {
    const last = events[events.length - 1];
    const key = Object.keys(event)[0] as "in" | "out" | "err";
    if (last && key !== ("eof" as string) && key in last) (last as Record<string, string>)[key] += (event as Record<string, string>)[key];
    else events.push(event);
  };
  // A command line's stdin is not part of what it does: only a script's is kept.
  if (stdinDriven) {
    if (ended) events.push({ eof: true });
    channel.on("data", (chunk: Buffer) => push({ in: chunk.toString("utf8") }));
    channel.on("end", () => events.push({ eof: true }));
  }
  const write = channel.write.bind(channel);
  channel.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
    push({ out: chunk.toString() });
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof channel.write;
  const writeErr = channel.stderr.write.bind(channel.stderr);
  channel.stderr.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
    push({ err: chunk.toString() });
    return (writeErr as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof channel.stderr.write;
  return {
    finish: (exitCode, ok, commands, files) => (ok && exitCode !== null ? { events, exitCode, commands, files } : undefined),
  };
}

/** What changed between two snapshots. */
export function fileChanges(before: Record<string, string>, after: Record<string, string>): Transcript["files"] {
  const out: Transcript["files"] = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = v;
  for (const k of Object.keys(before)) if (!(k in after)) out[k] = null;
  return out;
}

/** Keeps the emulated commands of a recording, or undefined when one of them is not replayable. */
export function replayableCommands(records: { command: string; argv: string[]; stdout: string; exitCode: number }[]): Transcript["commands"] | undefined {
  const out: Transcript["commands"] = [];
  for (const r of records) {
    if (r.command === "sysrc" && !r.argv.some((a) => a.includes("=") || a === "-x" || a.startsWith("-x"))) continue; // reads
    if (r.command === "sysrc") continue; // writes land in the files, which the transcript carries
    if (r.command !== "ifconfig") return undefined;
    out.push({ argv: r.argv, stdout: r.stdout, exitCode: r.exitCode });
  }
  return out;
}

/** The transcripts whose stdin starts as `prefix` does (the first chunk the client sent), nonces aside. */
export function matchingStart(transcripts: Transcript[], prefix: string): Transcript[] {
  const bare = (text: string): string => text.replace(NONCE, "@@N");
  return transcripts.filter((t) => {
    const first = t.events[0];
    if (prefix === "") return "eof" in first;
    return "in" in first && first.in.length >= prefix.length && bare(first.in.slice(0, prefix.length)) === bare(prefix);
  });
}

/** Serves one exec from `transcripts` (same state, same start of stdin); a divergence later fails the exec loudly. */
export function replayExec(
  channel: ServerChannel, transcripts: Transcript[], machine: SimMachine, dirs: HostDirs, env: Record<string, string>, sessionId: string,
  ended: boolean, done: (exitCode: number, stdin: string) => void,
): void {
  let buffer = "";
  let stdin = "";
  let eof = ended;
  let candidate: Transcript | undefined;
  let index = 0;
  let busy = false;
  let effectsApplied = false;
  const ours = new Map<string, string>(); // recorded nonce -> this session's
  const fail = (why: string): void => {
    index = Number.POSITIVE_INFINITY;
    channel.stderr.write(`simulator (cheap host mode): replay diverged: ${why}\n`);
    channel.exit(70);
    channel.end();
    done(70, stdin);
  };
  const matches = (recorded: string, got: string): boolean => {
    const r = [...recorded.matchAll(NONCE)];
    const g = [...got.matchAll(NONCE)];
    if (r.length !== g.length || r.some((m, i) => m.index !== g[i].index || m[0].length !== g[i][0].length)) return false;
    const map = new Map(ours);
    for (const [i, m] of r.entries()) {
      if (map.has(m[0]) && map.get(m[0]) !== g[i][0]) return false;
      map.set(m[0], g[i][0]);
    }
    if (recorded.replace(NONCE, (n) => map.get(n) ?? n) !== got) return false;
    for (const [k, v] of map) ours.set(k, v);
    return true;
  };
  const mine = (text: string): string => text.replace(NONCE, (n) => ours.get(n) ?? n);
  const applyEffects = async (t: Transcript): Promise<string | undefined> => {
    for (const c of t.commands) {
      const argv = c.argv.map(mine);
      const r = await machine.run("ifconfig", argv, { stdin: "", env, sessionId });
      if (r.exitCode !== c.exitCode || r.stdout !== mine(c.stdout)) return `ifconfig ${argv.join(" ")} answered differently`;
    }
    for (const [key, content] of Object.entries(t.files)) {
      const path = filePath(dirs, key);
      if (content === null) rmSync(path, { force: true });
      else {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, mine(content));
      }
    }
    return undefined;
  };
  const advance = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      if (!candidate) {
        candidate = transcripts.find((t) => {
          const first = t.events[0];
          if (!first || !("in" in first || "eof" in first)) return true; // a command line: nothing to match
          if ("eof" in first) return eof;
          return "in" in first && (buffer.length >= first.in.length ? matches(first.in, buffer.slice(0, first.in.length)) : false);
        });
        if (!candidate) {
          const longest = Math.max(...transcripts.map((t) => ("in" in t.events[0] ? t.events[0].in.length : 0)));
          if (eof || buffer.length >= longest) fail("no recorded script matches this one");
          return;
        }
      }
      const t = candidate;
      // A command line whose client never ended stdin: its effects come first (before what it printed).
      if (index === 0 && !effectsApplied && !t.events.some((e) => "eof" in e)) {
        effectsApplied = true;
        const why = await applyEffects(t);
        if (why) return fail(why);
      }
      while (index < t.events.length) {
        const ev = t.events[index];
        if ("in" in ev) {
          if (buffer.length < ev.in.length) {
            if (eof) return fail("the stdin ended early");
            return;
          }
          if (!matches(ev.in, buffer.slice(0, ev.in.length))) return fail("the stdin differs from the recording");
          buffer = buffer.slice(ev.in.length);
        } else if ("eof" in ev) {
          if (!eof) return;
          effectsApplied = true;
          const why = await applyEffects(t);
          if (why) return fail(why);
        } else if ("out" in ev) channel.write(mine(ev.out));
        else channel.stderr.write(mine(ev.err));
        index++;
      }
      if (index === t.events.length) {
        index++;
        channel.exit(t.exitCode);
        channel.end();
        done(t.exitCode, stdin);
      }
    } finally {
      busy = false;
    }
  };
  const kick = (): void => {
    void advance().then(() => {
      // Input that arrived while a step awaited is looked at now.
      if (!busy && index < (candidate?.events.length ?? 1) && (buffer.length > 0 || eof)) void advance();
    });
  };
  channel.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    buffer += text;
    stdin += text;
    kick();
  });
  channel.on("end", () => {
    eof = true;
    kick();
  });
  kick();
}
