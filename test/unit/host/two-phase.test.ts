// One exec, two parts (runConversation): the shell runs the joining ports' read, prints the sentinel and
// waits on stdin while the provider plans; the apply written after a pause runs in the same shell. Every
// shell of the matrix (and bash, standing in for a root shell people install) must run each complete
// command as it reads it and block between the parts, not read to EOF first.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { portRead, renderPortReadScript } from "../../../provider/operations/port-read";
import { convergeSpec } from "../../../provider/operations/spec";
import { readPhaseSentinel, renderReadPhase } from "../../../provider/script/read";
import { renderApplyScript } from "../../../provider/script/render";
import { requireOrSkip } from "../../sim/server/system-deps";
import { inputs } from "../core/fixtures";
import { runScriptOn, scratchHost, SHELLS, type ScratchHost, type ShellUnderTest } from "./harness";
import { laggText, NASTY, NONCE } from "./scenarios";

const READ_NONCE = "@@lagg-read";
const READ = renderReadPhase(renderPortReadScript(["igb0", "igb1"], READ_NONCE), READ_NONCE);
const APPLY = renderApplyScript(convergeSpec({ operation: "create", nonce: NONCE, news: inputs({ addresses: ["192.0.2.10/24", "2001:db8::1/64"], description: NASTY, lacpStrict: true, flowidShift: 16, ipv6Autoconf: true }), checkActual: true }));
const PAUSE_MS = 300;

const MATRIX: ShellUnderTest[] = [...SHELLS, { name: "bash (stand-in)", binary: "bash", argv: ["bash"], stdin: ["-s"] }];

/** A host with igb0..igb2 up, and lagg0 as the create's verify expects it once made. */
function host(shell: ShellUnderTest): ScratchHost {
  const h = scratchHost(shell);
  for (const p of ["igb0", "igb1", "igb2"]) {
    writeFileSync(join(h.dir, `exists-${p}`), "");
    writeFileSync(join(h.dir, `state-${p}`), `${p}: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n`);
  }
  writeFileSync(join(h.dir, "target-lagg0"), laggText({ description: NASTY }));
  return h;
}

/**
 * Writes `first` to the shell's stdin (not ending it), waits for the sentinel line on stdout, then after a
 * pause writes `second` (or nothing) and ends stdin. Fails when the sentinel never comes while stdin is open.
 */
function converse(h: ScratchHost, second: string | undefined): Promise<{ first: string; second: string; code: number | null }> {
  const local = (s: string) => s.split("/bin/sh").join(h.sh);
  const sentinel = readPhaseSentinel(READ_NONCE);
  return new Promise((resolve, reject) => {
    const child = spawn(h.sh, h.shell.stdin, { env: h.env, stdio: "pipe" });
    let out = "";
    let first: string | undefined;
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${h.shell.name} did not print the read's sentinel while its stdin stayed open; stdout so far:\n${out}`));
    }, 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (first !== undefined || !out.includes(`\n${sentinel}\n`)) return;
      first = out.slice(0, out.indexOf(`\n${sentinel}\n`) + 1);
      setTimeout(() => (second === undefined ? child.stdin.end() : child.stdin.end(local(second))), PAUSE_MS);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      if (first === undefined) return reject(new Error(`${h.shell.name} exited (${code}) before the read's sentinel:\n${out}`));
      resolve({ first, second: out.slice(first.length + sentinel.length + 1), code });
    });
    child.stdin.write(local(READ));
  });
}

const markers = (text: string, nonce: string, h: ScratchHost) =>
  text.split("\n").filter((l) => l.startsWith(`${nonce} `)).join("\n").split(h.dir).join("<dir>");

/** The reference: the same read and apply sent as one text under dash, on a fresh host. */
function reference() {
  const h = host(SHELLS[0]);
  try {
    const r = runScriptOn(h, READ + APPLY);
    // The sentinel line ends the read part (converse splits there).
    return { code: r.code, read: markers(r.stdout, READ_NONCE, h).replace(`\n${readPhaseSentinel(READ_NONCE)}`, ""), apply: markers(r.stdout, NONCE, h), log: h.log() };
  } finally {
    h.cleanup();
  }
}

for (const shell of MATRIX) {
  requireOrSkip(shell.binary, `the two-part exec under ${shell.name}`)(`under ${shell.name}`, () => {
    test("the read runs and the shell waits; the apply sent after a pause runs in it: same markers and commands as one text", async () => {
      const h = host(shell);
      try {
        const r = await converse(h, APPLY);
        const ref = reference();
        expect(markers(r.first, READ_NONCE, h)).toBe(ref.read);
        expect(markers(r.first, READ_NONCE, h)).toMatch(/STATE-BEGIN[\s\S]*RESULT 0 ok/);
        expect({ code: r.code, apply: markers(r.second, NONCE, h), log: h.log() }).toEqual({ code: 0, apply: ref.apply, log: ref.log });
        expect(markers(r.second, NONCE, h)).toMatch(/RESULT 0 ok/);
      } finally {
        h.cleanup();
      }
    });

    test("nothing sent after the read (the plan refused): the shell exits 0 having only read", async () => {
      const h = host(shell);
      try {
        const r = await converse(h, undefined);
        expect({ code: r.code, second: r.second }).toEqual({ code: 0, second: "" });
        const ran = h.log().map((argv) => argv.slice(0, 2).join(" "));
        // The ports' variables are listed (sysrc -ae, filtered), not named: an alias past any fixed count is read too.
        expect(ran).toEqual(["ifconfig igb0", "ifconfig igb1", "sysrc -ae"]);
      } finally {
        h.cleanup();
      }
    });
  });
}

test("portRead draws a fresh nonce for each read", () => {
  expect(portRead(["igb0"]).nonce).not.toBe(portRead(["igb0"]).nonce);
});
