import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convergeSpec, removalSpec } from "../../../provider/operations/spec";
import { parseScriptOutput, renderApplyScript, renderReadScript, RESULT } from "../../../provider/script";
import { shQuote } from "../../../provider/shell";
import { mergeIfconfigSteps, rcEscape } from "../../../provider/script/render";
import { desiredLaggState } from "../../../provider/state";
import { inputs } from "./fixtures";

const FAKE_BIN = join(__dirname, "fakehost");
const NONCE = "@@lagg-test";

/** Runs a script in the real /bin/sh with the fake ifconfig/sysrc first on PATH. */
function runOnFakeHost(script: string, setup: (dir: string) => void = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), "lagg-script-"));
  for (const p of ["igb0", "igb1", "igb2"]) {
    writeFileSync(join(dir, `exists-${p}`), "");
    writeFileSync(join(dir, `state-${p}`), `${p}: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n`);
  }
  setup(dir);
  const r = spawnSync("/bin/sh", ["-s"], {
    input: script,
    env: { PATH: `${FAKE_BIN}:/usr/bin:/bin`, FAKE_DIR: dir, LAGG_STATE_DIR: dir },
    encoding: "utf8",
  });
  const log = existsSync(join(dir, "log")) ? readFileSync(join(dir, "log"), "utf8").trim().split("\n").map((l) => l.split("\0")) : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, log, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logged command that changes the host: ifconfig with arguments beyond a name, or a sysrc write. */
const isChange = (l: string[]) =>
  l[0] === "sysrc" ? !["-n", "-e", "-ae"].includes(l[1]) : l.length > 2 && l[1] !== "-v" && l[1] !== "-g";

const NASTY = `it's "quoted" $(touch /tmp/lagg-pwned) \`touch /tmp/lagg-pwned2\`; rm -rf / & echo \\ $HOME`;

/** The `ifconfig -v` text of the lagg `inputs()` describes, with a given description. */
function laggText(description: string) {
  return [
    "lagg0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500",
    `\tdescription: ${description}`,
    "\toptions=0",
    "\tether 58:9c:fc:00:00:01",
    "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255",
    "\tlaggproto lacp lagghash l2,l3,l4",
    "\tlagg options:",
    "\t\tflags=10<LACP_STRICT>",
    "\t\tflowid_shift: 16",
    "\tlaggport: igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>",
    "\tlaggport: igb1 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>",
    "\tgroups: lagg",
    "",
  ].join("\n");
}

const createScript = (over: Record<string, unknown> = {}) =>
  renderApplyScript(convergeSpec({ operation: "create", nonce: NONCE, news: inputs({ addresses: ["192.0.2.10/24"], description: NASTY, ...over }), checkActual: true }));

describe("rendered scripts", () => {
  const i = inputs({ addresses: ["192.0.2.10/24", "2001:db8::1/64"], description: NASTY, mtu: 9000, options: ["-lro"] });
  test.each([
    ["create", renderApplyScript(convergeSpec({ operation: "create", nonce: NONCE, news: i, checkActual: true }))],
    ["update", renderApplyScript(convergeSpec({ operation: "update", nonce: NONCE, news: { ...i, mtu: 1500 }, olds: i, actual: desiredLaggState(i), checkActual: true }))],
    ["delete", renderApplyScript(removalSpec(NONCE, i, ["igb1"]))],
    ["read", renderReadScript("lagg0", NONCE, ["ifconfig_lagg0"])],
  ])("%s script passes sh -n", (_op, script) => {
    expect(() => execFileSync("/bin/sh", ["-n"], { input: script })).not.toThrow();
  });

  test("shQuote round-trips through a real shell", () => {
    for (const w of [NASTY, "", "a b", "'", "\\", "$x", "new\nline", "-", "é"]) {
      expect(execFileSync("/bin/sh", ["-c", `printf '%s' ${shQuote(w)}`], { encoding: "utf8" })).toBe(w);
    }
  });
});

describe("apply script on a fake host (real /bin/sh)", () => {
  test("create: the description reaches ifconfig verbatim, executes nothing, and the verified state is printed", () => {
    const r = runOnFakeHost(createScript(), (dir) => writeFileSync(join(dir, "target-lagg0"), laggText(NASTY)));
    try {
      const described = r.log.find((l) => l[0] === "ifconfig" && l[1] === "lagg0" && l.includes("description"));
      expect(described?.[described.indexOf("description") + 1]).toBe(NASTY);
      expect(existsSync("/tmp/lagg-pwned") || existsSync("/tmp/lagg-pwned2")).toBe(false);
      const o = parseScriptOutput(r.stdout, NONCE);
      expect({ code: r.code, word: o.word, mismatches: o.mismatches }).toEqual({ code: RESULT.ok, word: "ok", mismatches: [] });
      expect(o.stateText).toContain(`description: ${NASTY}`);
      // Edited on a copy of rc.conf that one mv puts in place (a reboot boots the old or the new file).
      expect(r.log).toContainEqual(["sysrc", "-f", "<dir>/rc.conf.lagg-new", "cloned_interfaces+=lagg0"]);
      // rc.conf is sourced by sh at boot and sysrc writes values raw: the persisted value is escaped.
      const persisted = r.log.find((l) => l[0] === "sysrc" && l.some((w) => w.startsWith("ifconfig_lagg0_descr=")));
      expect(persisted).toContain(`ifconfig_lagg0_descr=${rcEscape(NASTY)}`);
      const sourced = execFileSync("/bin/sh", ["-c", `v="${rcEscape(NASTY)}"; printf '%s' "$v"`], { encoding: "utf8" });
      expect(sourced).toBe(NASTY);
    } finally {
      r.cleanup();
    }
  });

  test("create: a state that does not verify is rolled back (destroyed) and says why", () => {
    const r = runOnFakeHost(createScript(), (dir) => writeFileSync(join(dir, "target-lagg0"), laggText("something else")));
    try {
      const o = parseScriptOutput(r.stdout, NONCE);
      expect(r.code).toBe(RESULT.rolledBack);
      expect(o.rolledBack).toBe(true);
      expect(o.mismatches.some((m) => m.startsWith("description expected="))).toBe(true);
      expect(r.log).toContainEqual(["ifconfig", "lagg0", "destroy"]);
      expect(existsSync(join(r.dir, "exists-lagg0"))).toBe(false);
    } finally {
      r.cleanup();
    }
  });

  test("create: preflight refuses an existing lagg and a missing port, changing nothing", () => {
    const exists = runOnFakeHost(createScript(), (dir) => writeFileSync(join(dir, "exists-lagg0"), ""));
    const missing = runOnFakeHost(createScript({ ports: ["igb0", "igb7"] }));
    try {
      expect(exists.code).toBe(RESULT.preflight);
      expect(parseScriptOutput(exists.stdout, NONCE).preflight).toEqual(["lagg0 already exists (not created by this stack; set adopt: \"observe\" to take it over unchanged, or adopt: true to converge it)"]);
      expect(missing.code).toBe(RESULT.preflight);
      expect(parseScriptOutput(missing.stdout, NONCE).preflight).toEqual(["port igb7 does not exist"]);
      for (const r of [exists, missing]) expect(r.log.filter(isChange)).toEqual([]);
    } finally {
      exists.cleanup();
      missing.cleanup();
    }
  });

  test("update: a host that no longer matches the recorded state reports drift and changes nothing", () => {
    const olds = inputs({ addresses: ["192.0.2.10/24"], description: NASTY });
    const spec = convergeSpec({ operation: "update", nonce: NONCE, news: { ...olds, mtu: 9000 }, olds, actual: desiredLaggState(olds), checkActual: true });
    const r = runOnFakeHost(renderApplyScript(spec), (dir) => {
      writeFileSync(join(dir, "exists-lagg0"), "");
      writeFileSync(join(dir, "state-lagg0"), laggText(NASTY).replace("laggport: igb1 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>\n", ""));
    });
    try {
      const o = parseScriptOutput(r.stdout, NONCE);
      expect(r.code).toBe(RESULT.drift);
      expect(o.mismatches).toEqual(["ports expected=[igb0 igb1 ] actual=[igb0 ]"]);
      expect(r.log.filter(isChange)).toEqual([]);
    } finally {
      r.cleanup();
    }
  });

  test("delete of a lagg that is already gone succeeds without changes", () => {
    const r = runOnFakeHost(renderApplyScript(removalSpec(NONCE, inputs(), [])));
    try {
      expect(r.code).toBe(RESULT.ok);
      expect(r.log.some((l) => l[2] === "destroy")).toBe(false);
    } finally {
      r.cleanup();
    }
  });
});

describe("mergeIfconfigSteps", () => {
  const st = (target: string, ...argv: string[]) => ({ argv, why: argv.slice(2).join(" "), target });
  test.each<[string, ReturnType<typeof st>[], string[]]>([
    ["create, protocol, options and ports in one run",
      [st("lagg0", "ifconfig", "lagg0", "create"), st("lagg0", "ifconfig", "lagg0", "laggproto", "lacp"), st("igb0", "ifconfig", "lagg0", "laggport", "igb0"), st("igb1", "ifconfig", "lagg0", "laggport", "igb1")],
      ["ifconfig lagg0 create laggproto lacp laggport igb0 laggport igb1"]],
    ["another interface breaks the run",
      [st("lagg0", "ifconfig", "lagg0", "laggport", "igb0"), st("igb0", "ifconfig", "igb0", "up"), st("lagg0", "ifconfig", "lagg0", "mtu", "9000")],
      ["ifconfig lagg0 laggport igb0", "ifconfig igb0 up", "ifconfig lagg0 mtu 9000"]],
    ["addresses keep their own run (inet must follow the name)",
      [st("lagg0", "ifconfig", "lagg0", "mtu", "9000"), st("lagg0", "ifconfig", "lagg0", "inet", "192.0.2.1/24", "alias"), st("lagg0", "ifconfig", "lagg0", "description", "a b"), st("lagg0", "ifconfig", "lagg0", "up")],
      ["ifconfig lagg0 mtu 9000", "ifconfig lagg0 inet 192.0.2.1/24 alias", "ifconfig lagg0 description a b up"]],
    ["destroy and non-ifconfig steps stand alone",
      [st("lagg0", "ifconfig", "lagg0", "destroy"), st("lagg0", "dhclient", "lagg0"), st("lagg0", "ifconfig", "lagg0", "up")],
      ["ifconfig lagg0 destroy", "dhclient lagg0", "ifconfig lagg0 up"]],
  ])("%s", (_what, steps, want) => {
    expect(mergeIfconfigSteps(steps).map((s) => s.argv.join(" "))).toEqual(want);
  });
  test("the merged step says every reason", () => {
    expect(mergeIfconfigSteps([st("lagg0", "ifconfig", "lagg0", "laggproto", "lacp"), st("lagg0", "ifconfig", "lagg0", "up")])[0].why).toBe("laggproto lacp; up");
  });
});
