// Wire format between the bash command shims / sshd session wrapper and the control server (pure).
//
// Requests are NUL-terminated fields (bash writes them with `printf '%s\0' ...`):
//   LAGGSIM1 run <hostId> <command> <pid> <stdinPath|""> <argc> <argv...>
//   LAGGSIM1 exec-start <hostId> <pid> <pgid> <peerPort> <command>      (sshd wrapper, then on the same socket:)
//            exec-end <exitStatus> <stdoutBytes> <stdinPath|"">
// The reply to `run` is three NUL-terminated fields that bash reads with `IFS= read -r -d ''`:
//   <exitCode> <stderr field> <stdout field>
// where an output field is "" (empty), "i<text>" (inline), "f<path>" (a file the shim reads with bash's buffered
// `read`), or "c<path>" (a file holding NUL bytes, which only `cat` can relay).

/** Marks the start of every request, so a stray connection cannot be mistaken for a shim. */
export const PROTOCOL_MAGIC = "LAGGSIM1";

/** Outputs up to this many bytes travel inline: bash reads sockets one byte per syscall, files in blocks. */
export const INLINE_OUTPUT_LIMIT = 256;

/** Splits a byte stream into NUL-terminated fields as they arrive. */
export class NulFieldReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly fields: Buffer[] = [];

  /** Adds received bytes. */
  push(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let nul = data.indexOf(0);
    while (nul !== -1) {
      this.fields.push(data.subarray(0, nul));
      data = data.subarray(nul + 1);
      nul = data.indexOf(0);
    }
    this.pending = Buffer.from(data);
  }

  /** Number of complete fields waiting. */
  get available(): number {
    return this.fields.length;
  }

  /** The complete field at `index` (0 = next) without taking it. */
  peek(index: number): string | undefined {
    return this.fields[index]?.toString("utf8");
  }

  /** Takes the next complete field as UTF-8 text, or undefined when none is complete yet. */
  next(): string | undefined {
    return this.fields.shift()?.toString("utf8");
  }
}

/** A `run` request: one emulated command invoked through its shim. */
export interface RunRequest {
  hostId: string;
  command: string;
  pid: number;
  stdinPath: string;
  argv: string[];
}

/** An `exec-start` request from the sshd session wrapper. */
export interface ExecStartRequest {
  hostId: string;
  pid: number;
  pgid: number;
  peerPort: number;
  command: string;
}

/** The `exec-end` message that follows an `exec-start` on the same socket. */
export interface ExecEndRequest {
  exitStatus: number;
  stdoutBytes: number;
  stdinPath: string;
}

export type ControlRequest = { kind: "run"; run: RunRequest } | { kind: "exec-start"; start: ExecStartRequest };

/**
 * Parses the next request from `reader`: undefined while incomplete; throws on a malformed request.
 */
export function parseRequest(reader: NulFieldReader): ControlRequest | undefined {
  if (reader.available < 2) return undefined;
  const magic = reader.peek(0) as string;
  const kind = reader.peek(1) as string;
  if (magic !== PROTOCOL_MAGIC) throw new Error(`bad magic ${JSON.stringify(magic.slice(0, 16))}`);
  if (kind === "run") {
    if (reader.available < 7) return undefined;
    const argc = toCount(reader.peek(6) as string, "argc");
    if (reader.available < 7 + argc) return undefined;
    const f = takeFields(reader, 7 + argc);
    return {
      kind: "run",
      run: { hostId: f[2], command: f[3], pid: toCount(f[4], "pid"), stdinPath: f[5], argv: f.slice(7) },
    };
  }
  if (kind === "exec-start") {
    if (reader.available < 7) return undefined;
    const f = takeFields(reader, 7);
    return {
      kind: "exec-start",
      start: {
        hostId: f[2],
        pid: toCount(f[3], "pid"),
        pgid: toCount(f[4], "pgid"),
        peerPort: toCount(f[5], "peerPort"),
        command: f[6],
      },
    };
  }
  throw new Error(`unknown request kind ${JSON.stringify(kind.slice(0, 32))}`);
}

/** Parses the `exec-end` message, or undefined while incomplete. */
export function parseExecEnd(reader: NulFieldReader): ExecEndRequest | undefined {
  if (reader.available < 4) return undefined;
  const f = takeFields(reader, 4);
  if (f[0] !== "exec-end") throw new Error(`expected exec-end, got ${JSON.stringify(f[0].slice(0, 32))}`);
  return { exitStatus: Number(f[1]), stdoutBytes: toCount(f[2], "stdoutBytes"), stdinPath: f[3] };
}

/** How one output stream travels back to the shim; `spill` writes a file and returns its path. */
export function encodeOutputField(text: string, spill: (bytes: Buffer) => string): string {
  if (text === "") return "";
  const bytes = Buffer.from(text, "utf8");
  const hasNul = bytes.includes(0);
  if (!hasNul && bytes.length <= INLINE_OUTPUT_LIMIT) return `i${text}`;
  return `${hasNul ? "c" : "f"}${spill(bytes)}`;
}

/** Encodes the reply to a `run` request. */
export function encodeRunReply(exitCode: number, stderrField: string, stdoutField: string): Buffer {
  return Buffer.from(`${exitCode}\0${stderrField}\0${stdoutField}\0`, "utf8");
}

/** Encodes a reply made of plain fields (exec-start / exec-end acknowledgements). */
export function encodeFields(fields: readonly string[]): Buffer {
  return Buffer.from(fields.map((f) => `${f}\0`).join(""), "utf8");
}

function takeFields(reader: NulFieldReader, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(reader.next() as string);
  return out;
}

function toCount(text: string, what: string): number {
  if (!/^[0-9]{1,10}$/.test(text)) throw new Error(`bad ${what} ${JSON.stringify(text.slice(0, 16))}`);
  return Number(text);
}
