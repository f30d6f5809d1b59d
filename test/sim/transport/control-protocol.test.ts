// The shim <-> control server wire format (pure).
import {
  encodeOutputField,
  encodeRunReply,
  INLINE_OUTPUT_LIMIT,
  NulFieldReader,
  parseExecEnd,
  parseRequest,
} from "../server/control-protocol";

const fields = (...values: string[]): Buffer => Buffer.from(values.map((v) => `${v}\0`).join(""), "utf8");

describe("NulFieldReader", () => {
  test.each([
    ["one chunk", [fields("a", "b c", "")], ["a", "b c", ""]],
    ["split inside a field", [Buffer.from("ab"), Buffer.from("c\0d\0")], ["abc", "d"]],
    ["split at the NUL", [Buffer.from("x"), Buffer.from("\0")], ["x"]],
    ["incomplete tail kept back", [Buffer.from("done\0partial")], ["done"]],
    ["multibyte UTF-8 split across chunks", [Buffer.from("caf\xc3", "latin1"), Buffer.from("\xa9\0", "latin1")], ["café"]],
  ])("%s", (_name, chunks, expected) => {
    const reader = new NulFieldReader();
    chunks.forEach((c) => reader.push(c));
    const out: string[] = [];
    for (let f = reader.next(); f !== undefined; f = reader.next()) out.push(f);
    expect(out).toEqual(expected);
  });
});

describe("parseRequest", () => {
  const run = fields("LAGGSIM1", "run", "h1", "ifconfig", "4242", "", "3", "lagg0", "laggport", "a\nb");

  test("a complete run request", () => {
    const reader = new NulFieldReader();
    reader.push(run);
    expect(parseRequest(reader)).toEqual({
      kind: "run",
      run: { hostId: "h1", command: "ifconfig", pid: 4242, stdinPath: "", argv: ["lagg0", "laggport", "a\nb"] },
    });
  });

  test.each([1, 10, run.length - 1])("a run request cut after %i bytes is not parsed yet", (n) => {
    const reader = new NulFieldReader();
    reader.push(run.subarray(0, n));
    expect(parseRequest(reader)).toBeUndefined();
    reader.push(run.subarray(n));
    expect(parseRequest(reader)?.kind).toBe("run");
  });

  test("an exec-start request, then its exec-end", () => {
    const reader = new NulFieldReader();
    reader.push(fields("LAGGSIM1", "exec-start", "h2", "100", "99", "51000", "/bin/sh -s"));
    expect(parseRequest(reader)).toEqual({
      kind: "exec-start",
      start: { hostId: "h2", pid: 100, pgid: 99, peerPort: 51000, command: "/bin/sh -s" },
    });
    expect(parseExecEnd(reader)).toBeUndefined();
    reader.push(fields("exec-end", "-15", "12", "/tmp/x"));
    expect(parseExecEnd(reader)).toEqual({ exitStatus: -15, stdoutBytes: 12, stdinPath: "/tmp/x" });
  });

  test.each([
    ["bad magic", fields("HTTP/1.1", "run"), /bad magic/],
    ["unknown kind", fields("LAGGSIM1", "format-disk"), /unknown request kind/],
    ["non-numeric argc", fields("LAGGSIM1", "run", "h", "c", "1", "", "x"), /bad argc/],
    ["non-numeric pid", fields("LAGGSIM1", "run", "h", "c", "-1", "", "0"), /bad pid/],
  ])("%s is rejected", (_name, bytes, message) => {
    const reader = new NulFieldReader();
    reader.push(bytes);
    expect(() => parseRequest(reader)).toThrow(message);
  });
});

describe("encodeOutputField", () => {
  const spilled: Buffer[] = [];
  const spill = (bytes: Buffer): string => {
    spilled.push(bytes);
    return `/io/reply.${spilled.length}`;
  };

  test.each([
    ["empty output", "", ""],
    ["short text travels inline", "lagg0\n", "ilagg0\n"],
    ["text at the inline limit", "x".repeat(INLINE_OUTPUT_LIMIT), `i${"x".repeat(INLINE_OUTPUT_LIMIT)}`],
    ["longer text goes to a file bash reads in blocks", "y".repeat(INLINE_OUTPUT_LIMIT + 1), "f/io/reply.1"],
    ["text with NUL bytes goes to a file relayed by cat", "a\0b", "c/io/reply.2"],
  ])("%s", (_name, text, field) => {
    expect(encodeOutputField(text, spill)).toBe(field);
  });

  test("a reply is exit code, stderr field, stdout field, each NUL-terminated", () => {
    expect(encodeRunReply(1, "ierr\n", "").toString()).toBe("1\0ierr\n\0\0");
  });
});
