// What runs as root, visible: LAGG_LOG_SCRIPTS=1 logs every script before it runs, scripts carry no
// connection secrets, and the print command shows the exact script for given args without a host.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convergeSpec, removalSpec } from "../../../provider/operations/spec";
import { formatScriptLog, logScriptIfAsked, LOG_SCRIPTS_ENV } from "../../../provider/script/audit-log";
import { PRINT_NONCE, PRINT_READ_NONCE, PRINTABLE_OPERATIONS, READ_THEN_CHANGE, renderScriptFor } from "../../../provider/script/print";
import { renderReadPhase } from "../../../provider/script/read";
import { renderPortReadScript } from "../../../provider/operations/port-read";
import { main } from "../../../provider/script/print-cli";
import { renderApplyScript } from "../../../provider/script/render";
import { desiredLaggState } from "../../../provider/state";
import { HOST_KEY, inputs, KEY } from "../core/fixtures";
import { bodyOf } from "./scenarios";

const ARGS = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["192.0.2.10/24"], mtu: 9000, description: "uplink" };

describe(`${LOG_SCRIPTS_ENV}: the provider logs each script before running it`, () => {
  const script = renderApplyScript(convergeSpec({ operation: "create", nonce: "@@n", news: inputs(ARGS), checkActual: true }));
  test.each<[string | undefined, boolean]>([["1", true], ["true", true], ["yes", true], ["0", false], ["", false], [undefined, false]])("%s -> logged: %s", (value, logged) => {
    const lines: string[] = [];
    logScriptIfAsked("nas1", script, value === undefined ? {} : { [LOG_SCRIPTS_ENV]: value }, (t) => lines.push(t));
    expect(lines.length).toBe(logged ? 1 : 0);
  });

  test("the log holds the exact script, framed and titled", () => {
    const text = formatScriptLog("nas1", script);
    expect(text.split("\n")[0]).toBe(`[pulumi-freebsd-lagg nas1] script for create lagg0 (/bin/sh -s on the host), ${script.length} bytes:`);
    expect(text).toContain(`----- BEGIN SCRIPT -----\n${script.trimEnd()}\n----- END SCRIPT -----`);
  });
});

describe("scripts carry no connection secrets", () => {
  const PASSWORD = "pw-Secret-4711";
  const PASSPHRASE = "kp-Secret-0815";
  const connection = { host: "nas-secret-host.example", user: "admin", password: PASSWORD, privateKey: KEY, privateKeyPassword: PASSPHRASE, hostKey: HOST_KEY, proxy: { host: "jump.example", password: PASSWORD, hostKey: HOST_KEY } };
  const secrets = [PASSWORD, PASSPHRASE, KEY.split("\n")[1], "nas-secret-host.example", "jump.example"];
  const cases = ["rc.conf", "truenas", "auto"].flatMap((persist) =>
    PRINTABLE_OPERATIONS.map((op) => [`${op} (persist ${persist})`, renderScriptFor(op, { ...ARGS, persist, connection }, { ...ARGS, mtu: 1500, persist, connection })] as const),
  );
  test.each(cases)("%s", (_n, scripts) => {
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of [...scripts, ...scripts.map(bodyOf)]) for (const secret of secrets) expect(s).not.toContain(secret);
  });
});

describe("renderScriptFor: the script for given args, without a host", () => {
  test("create is exactly what the provider sends in its one exec (but for the nonces): the ports' read, then the apply", () => {
    const [printed] = renderScriptFor("create", ARGS);
    const read = renderReadPhase(renderPortReadScript(inputs(ARGS).ports, PRINT_READ_NONCE), PRINT_READ_NONCE);
    const apply = renderApplyScript(convergeSpec({ operation: "create", nonce: PRINT_NONCE, news: inputs(ARGS), checkActual: true }));
    expect(printed).toBe(`${read}${READ_THEN_CHANGE}${apply}`);
    expect(printed).toMatch(/READ-END\\n' @@lagg-PRINTED-READ\n# ---- the shell waits here/);
  });
  test("update that adds a port reads only the joining port first", () => {
    const [printed] = renderScriptFor("update", ARGS, { ...ARGS, ports: inputs(ARGS).ports.slice(0, 1) });
    const joining = inputs(ARGS).ports.slice(1);
    expect(printed.startsWith(renderReadPhase(renderPortReadScript(joining, PRINT_READ_NONCE), PRINT_READ_NONCE) + READ_THEN_CHANGE)).toBe(true);
  });
  test("update plans from the old args (the host assumed to match them)", () => {
    const olds = inputs({ ...ARGS, mtu: 1500 });
    const [printed] = renderScriptFor("update", ARGS, { ...ARGS, mtu: 1500 });
    expect(printed).toBe(renderApplyScript(convergeSpec({ operation: "update", nonce: PRINT_NONCE, news: inputs(ARGS), olds, actual: desiredLaggState(olds), checkActual: true })));
    expect(printed).toContain("ifconfig lagg0 mtu 9000");
  });
  test("delete", () => {
    expect(renderScriptFor("delete", { ...ARGS, persist: "rc.conf" })).toEqual([renderApplyScript(removalSpec(PRINT_NONCE, inputs({ ...ARGS, persist: "rc.conf" }), []))]);
  });
  test.each<[string, number, RegExp]>([
    ["rc.conf", 1, /sysrc/],
    ["truenas", 1, /interface\.create/],
    ["auto", 2, /midclt/],
  ])("persist %s: %i script(s)", (persist, n, re) => {
    const scripts = renderScriptFor("create", { ...ARGS, persist });
    expect(scripts.length).toBe(n);
    expect(scripts[n - 1]).toMatch(re);
  });
  test("invalid args are refused with the reasons", () => {
    expect(() => renderScriptFor("create", { ...ARGS, protocol: "fastest" })).toThrow(/protocol/);
  });
  test("update without the old args is refused", () => {
    expect(() => renderScriptFor("update", ARGS)).toThrow(/previous args/);
  });
});

describe("print-script CLI", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "lagg-print-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = (argv: string[]) => {
    let out = "";
    let err = "";
    const code = main(argv, (s) => (out += s), (s) => (err += s));
    return { code, out, err };
  };

  test("--create args.json prints the create script (persist auto: the rc.conf one, then the TrueNAS one)", () => {
    writeFileSync(join(dir, "args.json"), JSON.stringify(ARGS));
    const [rc, truenas] = renderScriptFor("create", ARGS);
    const r = run(["--create", join(dir, "args.json")]);
    expect({ code: r.code, err: r.err, startsWithRc: r.out.startsWith(rc), endsWithTruenas: r.out.endsWith(truenas) }).toEqual({ code: 0, err: "", startsWithRc: true, endsWithTruenas: true });
  });
  test("--update new.json --old old.json", () => {
    writeFileSync(join(dir, "new.json"), JSON.stringify(ARGS));
    writeFileSync(join(dir, "old.json"), JSON.stringify({ ...ARGS, mtu: 1500 }));
    expect(run(["--update", join(dir, "new.json"), "--old", join(dir, "old.json")]).out).toContain("ifconfig lagg0 mtu 9000");
  });
  test("without an operation: usage, exit 2", () => {
    expect(run([])).toMatchObject({ code: 2, out: "" });
  });
});
