// Commit-confirmed apply on the fake host (real /bin/sh; `daemon` is absent, so the nohup path runs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convergeSpec } from "../../../provider/operations/spec";
import { parseScriptOutput, renderApplyScript } from "../../../provider/script";
import { renderConfirmScript, SAFE_RESULT } from "../../../provider/script/safe-apply";
import { desiredLaggState } from "../../../provider/state";
import { inputs } from "./fixtures";

const FAKE_BIN = join(__dirname, "fakehost");
const NONCE = "@@lagg-safe";

const state = (m: number) =>
  [
    `lagg0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu ${m}`,
    "\toptions=0",
    "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255",
    "\tlaggproto lacp lagghash l2,l3,l4",
    "\tlaggport: igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>",
    "\tlaggport: igb1 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>",
    "",
  ].join("\n");

function sh(script: string, dir: string, sshConnection: string) {
  return spawnSync("/bin/sh", ["-s"], {
    input: script,
    env: { PATH: `${FAKE_BIN}:/usr/bin:/bin`, FAKE_DIR: dir, LAGG_STATE_DIR: dir, SSH_CONNECTION: sshConnection },
    encoding: "utf8",
  });
}

describe("commit-confirmed apply", () => {
  const olds = inputs({ addresses: ["192.0.2.10/24"] });
  const news = { ...olds, mtu: 9000 };
  const spec = convergeSpec({ operation: "update", nonce: NONCE, news, olds, actual: desiredLaggState(olds), checkActual: true });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lagg-safe-"));
    for (const p of ["igb0", "igb1", "lagg0"]) writeFileSync(join(dir, `exists-${p}`), "");
    writeFileSync(join(dir, "state-lagg0"), state(1500));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writes = () => readFileSync(join(dir, "log"), "utf8").split("\n").filter((l) => l.startsWith("sysrc\0") && !/^sysrc\0-(n|e|ae)(\0|$)/.test(l));
  const mtu = () => readFileSync(join(dir, "state-lagg0"), "utf8").match(/ mtu (\d+)/)?.[1];

  test("a session arriving on the lagg's address: applied detached, pending; persisted only when confirmed", () => {
    const applied = sh(renderApplyScript(spec), dir, "198.51.100.9 50000 192.0.2.10 22");
    expect(applied.stdout).toContain("SAFE-APPLY the SSH session arrives on 192.0.2.10");
    expect(parseScriptOutput(applied.stdout, NONCE).code).toBe(SAFE_RESULT.pending);
    expect(mtu()).toBe("9000");
    expect(writes()).toEqual([]);
    expect(readFileSync(join(dir, "lagg0.pending"), "utf8").trim()).toBe(NONCE);

    const confirmed = sh(renderConfirmScript(spec), dir, "198.51.100.9 50001 192.0.2.10 22");
    const c = parseScriptOutput(confirmed.stdout, NONCE);
    expect({ status: confirmed.status, word: c.word }).toEqual({ status: 0, word: "ok" });
    expect(writes().length).toBeGreaterThan(0);
    expect(existsSync(join(dir, "lagg0.pending"))).toBe(false);
  });

  test("no confirmation within the window: the host's timer rolls back and a late confirm says expired", async () => {
    const quick = { ...spec, safeApply: { ...spec.safeApply!, confirmTimeoutSec: 1 } };
    const applied = sh(renderApplyScript(quick), dir, "198.51.100.9 50000 192.0.2.10 22");
    expect(parseScriptOutput(applied.stdout, NONCE).code).toBe(SAFE_RESULT.pending);
    expect(mtu()).toBe("9000");
    for (let i = 0; i < 50 && mtu() !== "1500"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(mtu()).toBe("1500");
    const late = sh(renderConfirmScript(quick), dir, "198.51.100.9 50001 192.0.2.10 22");
    expect(late.status).toBe(SAFE_RESULT.expired);
    expect(writes()).toEqual([]);
  });

  test("the timer fired but the host does not show the previous state: the late confirm says so (6, with what differs)", async () => {
    const quick = { ...spec, safeApply: { ...spec.safeApply!, confirmTimeoutSec: 1 } };
    expect(parseScriptOutput(sh(renderApplyScript(quick), dir, "198.51.100.9 50000 192.0.2.10 22").stdout, NONCE).code).toBe(SAFE_RESULT.pending);
    for (let i = 0; i < 50 && !existsSync(join(dir, "lagg0.pending.expired")); i++) await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 50 && mtu() !== "1500"; i++) await new Promise((r) => setTimeout(r, 100));
    // Something (a driver, a hand edit) puts the lagg back at 9000 after the timer's rollback.
    writeFileSync(join(dir, "state-lagg0"), state(9000));
    const late = sh(renderConfirmScript(quick), dir, "198.51.100.9 50001 192.0.2.10 22");
    const o = parseScriptOutput(late.stdout, NONCE);
    expect({ status: late.status, word: o.word }).toEqual({ status: 6, word: "rollback-failed" });
    expect(o.mismatches.join("\n")).toMatch(/mtu expected=\[1500\] actual=\[9000\]/);
  });

  test("a session on another interface: no commit-confirmed mode", () => {
    const r = sh(renderApplyScript(spec), dir, "198.51.100.9 50000 203.0.113.1 22");
    expect(r.stdout).not.toContain("SAFE-APPLY");
  });

  test("confirm with nothing pending says so (exit 8)", () => {
    const r = sh(renderConfirmScript(spec), dir, "198.51.100.9 50000 192.0.2.10 22");
    expect(r.status).toBe(SAFE_RESULT.nothingPending);
  });
});
