// TrueNAS persistence, pure parts: inputs -> interface.create/update payloads, the row read back as
// variables, drift, the failover primary rule, and the spec the TrueNAS script is rendered from.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  isTruenasReport, parseTruenasQuery, truenasCreatePayload, truenasInSync, truenasOptions, truenasPrimaryProblem,
  truenasUpdatePayload, truenasVariables,
} from "../../../provider/persist/truenas";
import { truenasApplySpec, truenasRefusal, truenasRemovalSpec } from "../../../provider/ways/truenas/spec";
import { checkLaggArgs } from "../../../provider/schema";
import { persistChangeProblem } from "../../../provider/ways/persist-change";
import { renderTruenasConfirmScript, renderTruenasScript } from "../../../provider/script/truenas";
import { desiredLaggState } from "../../../provider/state";
import { inputs } from "./fixtures";

const FAKE_BIN = join(__dirname, "fakehost");

/** A midclt that logs its argv and refuses interface.create the way the middleware does. */
const FAKE_MIDCLT = `#!/bin/sh
{ printf 'midclt'; printf '\\0%s' "$@"; printf '\\n'; } >> "$FAKE_DIR/log"
case "$2" in
  interface.query) echo '[]' ;;
  interface.has_pending_changes) echo False ;;
  interface.create) echo '[EINVAL] interface_create.lag_ports.0: Not a valid interface.' >&2; exit 1 ;;
  *) echo null ;;
esac
`;

/** Runs a script in the real /bin/sh with the fake midclt and the fake ifconfig first on PATH. */
function runWithFakeMidclt(script: string, midclt = FAKE_MIDCLT) {
  const dir = mkdtempSync(join(tmpdir(), "lagg-truenas-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "midclt"), midclt, { mode: 0o755 });
  for (const p of ["igb0", "igb1"]) writeFileSync(join(dir, `exists-${p}`), "");
  const r = spawnSync("/bin/sh", ["-s"], { input: script, env: { PATH: `${bin}:${FAKE_BIN}:/usr/bin:/bin`, FAKE_DIR: dir, LAGG_STATE_DIR: dir }, encoding: "utf8" });
  const log = existsSync(join(dir, "log")) ? readFileSync(join(dir, "log"), "utf8").trim().split("\n").map((l) => l.split("\0")) : [];
  return { code: r.status, stdout: r.stdout, log, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("truenasOptions: the words the middleware runs as `ifconfig NAME <options>`", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["lacp defaults", {}, "lagghash l2,l3,l4 -lacp_fast_timeout"],
    ["lacp, every switch", { hash: ["l3", "l4"], lacpFastTimeout: true, lacpStrict: false, useFlowid: true, flowidShift: 4 }, "lagghash l3,l4 lacp_fast_timeout -lacp_strict use_flowid flowid_shift 4"],
    ["loadbalance flowid", { protocol: "loadbalance", useFlowid: false }, "lagghash l2,l3,l4 -use_flowid"],
    ["roundrobin rr_limit (lagghash too: a protocol change keeps the kernel's)", { protocol: "roundrobin", rrLimit: 100 }, "lagghash l2,l3,l4 rr_limit 100"],
    ["failover (lagghash at its default: a protocol change keeps the kernel's)", { protocol: "failover" }, "lagghash l2,l3,l4"],
    ["capability words from options, after the lagg words", { options: ["-lro", "vlanhwtag"] }, "lagghash l2,l3,l4 -lacp_fast_timeout -lro vlanhwtag"],
    ["the offload list is a field, not words", { disableHardwareOffload: true }, "lagghash l2,l3,l4 -lacp_fast_timeout"],
    ["mtu never appears", { mtu: 9000 }, "lagghash l2,l3,l4 -lacp_fast_timeout"],
  ])("%s", (_label, over, words) => {
    expect(truenasOptions(inputs(over))).toBe(words);
  });
});

describe("truenasCreatePayload / truenasUpdatePayload", () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["defaults", {}, {
      type: "LINK_AGGREGATION", name: "lagg0", lag_protocol: "LACP", lag_ports: ["igb0", "igb1"], description: "", aliases: [],
      ipv4_dhcp: false, ipv6_auto: false, mtu: null, disable_offload_capabilities: false, options: "lagghash l2,l3,l4 -lacp_fast_timeout",
    }],
    ["mtu 9000; 1500 is null (the middleware's default)", { mtu: 9000 }, { mtu: 9000 }],
    ["mtu 1492", { mtu: 1492 }, { mtu: 1492 }],
    ["addresses as aliases, in order", { addresses: ["10.0.0.5/24", "2001:db8::5/64", "10.0.1.5/32"] }, {
      aliases: [{ type: "INET", address: "10.0.0.5", netmask: 24 }, { type: "INET6", address: "2001:db8::5", netmask: 64 }, { type: "INET", address: "10.0.1.5", netmask: 32 }],
    }],
    ["dhcp, ipv6 autoconf, offload, description", { dhcp: true, ipv6Autoconf: true, disableHardwareOffload: true, description: `it's "x"` }, {
      ipv4_dhcp: true, ipv6_auto: true, disable_offload_capabilities: true, description: `it's "x"`,
    }],
    ["protocol upper-case, port order kept", { protocol: "failover", ports: ["ix0", "igb0"] }, { lag_protocol: "FAILOVER", lag_ports: ["ix0", "igb0"], options: "lagghash l2,l3,l4" }],
  ])("%s", (_label, over, expected) => {
    expect(truenasCreatePayload(inputs(over))).toMatchObject(expected);
  });

  test("update is create without type and name", () => {
    const i = inputs({ mtu: 9000, addresses: ["10.0.0.5/24"] });
    const { type: _t, name: _n, ...rest } = truenasCreatePayload(i);
    expect(truenasUpdatePayload(i)).toEqual(rest);
    expect(Object.keys(truenasUpdatePayload(i))).not.toContain("type");
  });
});

describe("truenasVariables / truenasInSync: the row read back", () => {
  const row = (over: Record<string, unknown> = {}) => ({
    id: "lagg0", name: "lagg0", type: "LINK_AGGREGATION", lag_protocol: "LACP", lag_ports: ["igb0", "igb1"], description: "",
    aliases: [{ type: "INET6", address: "2001:db8::5", netmask: 64 }, { type: "INET", address: "10.0.0.5", netmask: 24 }],
    ipv4_dhcp: false, ipv6_auto: false, mtu: 9000, disable_offload_capabilities: false, options: "lagghash l2,l3,l4 -lacp_fast_timeout",
    state: { mtu: 9000 }, ...over,
  });
  const i = inputs({ mtu: 9000, addresses: ["10.0.0.5/24", "2001:db8::5/64"] });

  test("strings only; aliases sorted; a null MTU is empty", () => {
    expect(truenasVariables(row())).toEqual({
      lag_protocol: "LACP", lag_ports: "igb0 igb1", description: "", aliases: "10.0.0.5/24 2001:db8::5/64", ipv4_dhcp: "false",
      ipv6_auto: "false", mtu: "9000", disable_offload_capabilities: "false", options: "lagghash l2,l3,l4 -lacp_fast_timeout",
    });
    expect(truenasVariables(row({ mtu: null, description: null })).mtu).toBe("");
  });

  test.each<[string, Record<string, unknown>, boolean]>([
    ["the row the inputs write", {}, true],
    ["alias order does not matter", { aliases: [...row().aliases].reverse() }, true],
    ["description edited in the UI", { description: "ui" }, false],
    ["MTU reset in the UI", { mtu: null }, false],
    ["a port added in the UI", { lag_ports: ["igb0", "igb1", "igb2"] }, false],
    ["ports reordered in the UI", { lag_ports: ["igb1", "igb0"] }, false],
    ["options edited", { options: "lagghash l3,l4" }, false],
    ["DHCP switched on", { ipv4_dhcp: true }, false],
  ])("%s", (_label, over, inSync) => {
    expect(truenasInSync(truenasVariables(row(over)), i)).toBe(inSync);
  });

  test.each<[string, string, string | undefined]>([
    ["one row", JSON.stringify([row()]), "lagg0"],
    ["no row", "[]", undefined],
    ["not JSON (an error text)", "Failed to run middleware call. Daemon not running?", undefined],
    ["empty", "", undefined],
  ])("parseTruenasQuery: %s", (_label, text, id) => {
    expect(parseTruenasQuery(text)?.id).toBe(id);
  });

  test("a report is the middleware's when it is a JSON list, sysrc's otherwise", () => {
    expect([isTruenasReport("[]\n"), isTruenasReport('cloned_interfaces="lagg0"'), isTruenasReport("")]).toEqual([true, false, false]);
  });
});

describe("truenasPrimaryProblem: sync makes the alphabetically first member the failover primary", () => {
  test.each<[string, string[], string | undefined]>([
    ["failover", ["igb0", "igb1"], undefined],
    ["failover", ["igb1", "igb0"], "list igb0 first"],
    ["failover", ["ix2", "ix10"], "list ix10 first"],
    ["failover", ["igb0"], undefined],
    ["lacp", ["igb1", "igb0"], undefined],
  ])("%s %j", (protocol, ports, problem) => {
    const p = truenasPrimaryProblem({ protocol: protocol as "failover", ports });
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toMatch(new RegExp(`${ports[0]} cannot be the primary; ${problem}$`));
  });
});

describe("the TrueNAS spec and script", () => {
  test("create refuses an existing lagg unless adopting; update claims only new ports", () => {
    expect(truenasApplySpec({ operation: "create", news: inputs() }, "n").mustBeAbsent).toBe(true);
    expect(truenasApplySpec({ operation: "create", news: inputs({ adopt: true }) }, "n").mustBeAbsent).toBe(false);
    const olds = inputs();
    const spec = truenasApplySpec({ operation: "update", news: inputs({ ports: ["igb0", "igb2"] }), olds, actual: desiredLaggState(olds) }, "n");
    expect([spec.mustBeAbsent, spec.portsToClaim]).toEqual([false, ["igb2"]]);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string[][]]>([
    ["nothing sync leaves behind", {}, {}, []],
    ["a cleared description is cleared raw (sync only sets non-empty ones)", { description: "old" }, { description: "" }, [["ifconfig", "lagg0", "-description"]]],
    ["dropped capability words are reverted raw (sync only replays words)", { options: ["-lro", "-tso"] }, { options: ["-tso"] }, [["ifconfig", "lagg0", "lro"]]],
    ["a leaving port without a row gets the MTU it boots with (unconfigure() leaves it the lagg's)", { mtu: 9000 }, { mtu: 9000, ports: ["igb0"] }, [["ifconfig", "igb1", "mtu", "1500"]]],
  ])("settle steps: %s", (_label, old, now, argv) => {
    const olds = inputs(old);
    const spec = truenasApplySpec({ operation: "update", news: inputs(now), olds, actual: desiredLaggState(olds) }, "n");
    expect(spec.settle.map((s) => s.argv)).toEqual(argv);
  });

  test("the failover primary rule becomes a preflight refusal (persist auto)", () => {
    expect(truenasApplySpec({ operation: "create", news: inputs({ protocol: "failover", ports: ["igb1", "igb0"] }) }, "n").refusal).toMatch(/list igb0 first/);
  });

  test("JSON arguments reach midclt as single words; a validation error is relayed and nothing is committed", () => {
    const news = inputs({ description: `it's "x" $(touch /tmp/lagg-truenas-pwned) \`id\``, confirmTimeout: 30 });
    const r = runWithFakeMidclt(renderTruenasScript(truenasApplySpec({ operation: "create", news }, "@@n")));
    try {
      const calls = r.log.filter((l) => l[0] === "midclt");
      // A validation error comes before the database write: nothing pending, so nothing to roll back.
      expect(calls.map((c) => c[2])).toEqual(["interface.query", "interface.has_pending_changes", "interface.create", "interface.has_pending_changes", "interface.query"]);
      expect(JSON.parse(calls[2][3])).toEqual(truenasCreatePayload(news));
      expect(r.stdout).toContain("@@n PREFLIGHT the TrueNAS middleware refused interface.create lagg0: [EINVAL] interface_create.lag_ports.0: Not a valid interface.");
      expect(r.stdout).toContain("@@n RESULT 4 preflight");
      expect(r.code).toBe(4);
    } finally {
      r.cleanup();
    }
  });

  test("delete: no payload, must be gone afterwards, refuses to cut the session", () => {
    const spec = truenasRemovalSpec(inputs(), "n");
    expect([spec.payload, spec.expected, spec.refuseIfCarriesSession]).toEqual([undefined, undefined, true]);
  });
});

/** A midclt whose interface.create fails after its database write (fact 13: KeyError), leaving the edit pending. */
const FAKE_MIDCLT_WRITES_THEN_FAILS = `#!/bin/sh
{ printf 'midclt'; printf '\\0%s' "$@"; printf '\\n'; } >> "$FAKE_DIR/log"
case "$2" in
  interface.query) echo '[]' ;;
  interface.has_pending_changes) if [ -f "$FAKE_DIR/pending" ]; then echo True; else echo False; fi ;;
  interface.create) : > "$FAKE_DIR/pending"; printf "'lagg0'\\nTraceback (most recent call last):\\n  File \\"x.py\\", line 1, in f\\nKeyError: 'lagg0'\\n\\n" >&2; exit 1 ;;
  interface.rollback) rm -f "$FAKE_DIR/pending"; echo null ;;
  *) echo null ;;
esac
`;

describe("TrueNAS failures leave nothing pending; errors say what the middleware said", () => {
  test("a create that fails after the database write is rolled back: the next run is not refused", () => {
    const r = runWithFakeMidclt(renderTruenasScript(truenasApplySpec({ operation: "create", news: inputs() }, "@@n")), FAKE_MIDCLT_WRITES_THEN_FAILS);
    try {
      const calls = r.log.filter((l) => l[0] === "midclt").map((c) => c[2]);
      expect(calls).toEqual(["interface.query", "interface.has_pending_changes", "interface.create", "interface.has_pending_changes", "interface.rollback", "interface.query"]);
      expect(r.stdout).toContain("@@n PREFLIGHT the TrueNAS middleware refused interface.create lagg0: KeyError: 'lagg0'");
      expect(r.code).toBe(4);
    } finally {
      r.cleanup();
    }
  });

  // midclt's stderr shapes (test/sim/truenas/errors.ts; /work reports: truenas-sim-h6).
  test.each<[string, string, string]>([
    ["validation: every line", "[EINVAL] interface_create.mtu: Should be between 1492 and 9216\n[EINVAL] interface_create.name: bad\n", "[EINVAL] interface_create.mtu: Should be between 1492 and 9216; [EINVAL] interface_create.name: bad"],
    ["missing instance", "[ENOENT] ALL: Interface lagg7 does not exist\n", "[ENOENT] ALL: Interface lagg7 does not exist"],
    ["schema: the first line, no traceback", "[lag_protocol] Invalid choice: BROADCAST\nTraceback (most recent call last):\n  File \"a.py\", line 1, in f\nmiddlewared.schema.Error: [lag_protocol] Invalid choice: BROADCAST\n\n", "[lag_protocol] Invalid choice: BROADCAST"],
    ["lag_setup OSError: the traceback's last line", "[Errno 16] Device busy\nTraceback (most recent call last):\n  File \"a.py\", line 1, in f\nOSError: [Errno 16] Device busy\n\n", "OSError: [Errno 16] Device busy"],
    ["midclt's call timeout", "Call timeout\n", "Call timeout"],
  ])("mid_error: %s", (_label, stderr, line) => {
    const sh = `say() { :; }\n. ./provider/script/host/truenas.sh\nmid_error`;
    const r = spawnSync("/bin/sh", ["-c", sh], { input: stderr, encoding: "utf8", cwd: join(__dirname, "../../..") });
    expect(r.stdout.trim()).toBe(line);
  });
});

describe("TrueNAS limits: refused in check (persist truenas) and in preflight (auto)", () => {
  const baseArgs = { connection: inputs().connection, name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"] };
  const ports17 = Array.from({ length: 17 }, (_, i) => `igb${i}`);
  test.each<[string, Record<string, unknown>, RegExp | undefined]>([
    ["16 ports", { ports: ports17.slice(0, 16) }, undefined],
    ["17 ports", { ports: ports17 }, /at most 16 ports per lagg .*got 17/],
    ["offload off on the lagg", { disableHardwareOffload: true }, /cannot keep offload off on the lagg itself.*each member NIC/],
    ["a failover primary not first", { protocol: "failover", ports: ["igb1", "igb0"] }, /list igb0 first/],
  ])("%s", (_label, change, refusal) => {
    const why = truenasRefusal(inputs(change));
    if (refusal) expect(why).toMatch(refusal);
    else expect(why).toBeUndefined();
    const checked = checkLaggArgs({ ...baseArgs, ...change, persist: "truenas" }).failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
    if (refusal) expect(checked).toMatch(refusal);
    else expect(checked).toBe("");
  });

  test.each<[unknown, string]>([
    [true, ""],
    [undefined, ""],
    ["yes", "truenasKeepManagementInterface"],
  ])("truenasKeepManagementInterface %j", (value, failed) => {
    const r = checkLaggArgs({ ...baseArgs, truenasKeepManagementInterface: value });
    expect(r.failures.map((f) => f.property).join()).toBe(failed);
  });

  test("the consent reaches the script: a session interface without a row is recorded, not refused", () => {
    const spec = truenasApplySpec({ operation: "create", news: inputs({ truenasKeepManagementInterface: true }) }, "n");
    expect(renderTruenasScript(spec)).toMatch(/\nkeep_session_iface 1 \S*igb0\S* \S*igb1/);
    expect(renderTruenasScript(truenasApplySpec({ operation: "create", news: inputs() }, "n"))).toMatch(/\nkeep_session_iface 0 /);
  });
});

describe("persistChangeProblem: persist moves between the middleware and rc.conf are refused with the reason", () => {
  test.each<[string, Record<string, unknown>, string, RegExp | undefined]>([
    ["truenas -> rc.conf", { persist: "auto", persisted: { mode: "truenas" } }, "rc.conf", /held by the TrueNAS middleware.*--replace/],
    ["truenas -> none", { persist: "truenas" }, "none", /would leave its database row/],
    ["truenas -> auto (stays with the middleware)", { persist: "truenas", persisted: { mode: "truenas" } }, "auto", undefined],
    ["auto on TrueNAS -> truenas", { persist: "auto", persisted: { mode: "truenas" } }, "truenas", undefined],
    ["rc.conf -> truenas", { persist: "auto", persisted: { mode: "rc.conf" } }, "truenas", /persisted in rc\.conf.*--replace/],
    ["rc.conf -> none (FreeBSD, unchanged)", { persist: "rc.conf" }, "none", undefined],
  ])("%s", (_label, olds, persist, problem) => {
    const why = persistChangeProblem(olds, { persist, name: "lagg0" });
    if (problem) expect(why).toMatch(problem);
    else expect(why).toBeUndefined();
  });
});

test.each<[Record<string, unknown>, string | undefined]>([
  [{ protocol: "failover", ports: ["ix0", "ix1"] }, "ix0"],
  [{ protocol: "failover", ports: ["ix0"] }, undefined],
  [{ protocol: "lacp", ports: ["ix0", "ix1"] }, undefined],
])("a kernel-only failover lagg is rebuilt by the commit when its primary differs: %j -> %s", (change, primary) => {
  const spec = truenasApplySpec({ operation: "create", news: inputs({ ...change, adopt: true }) }, "n");
  expect(spec.primary).toBe(primary);
  if (primary) expect(renderTruenasScript(spec)).toContain(`ifconfig "$N" destroy`);
});

/** A midclt whose commit is still running (pending, no timer) for two polls, then armed its checkin timer. */
const FAKE_MIDCLT_COMMIT_RUNNING = `#!/bin/sh
{ printf 'midclt'; printf '\\0%s' "$@"; printf '\\n'; } >> "$FAKE_DIR/log"
case "$2" in
  interface.checkin_waiting) n=$(cat "$FAKE_DIR/polls" 2>/dev/null || echo 0); echo $((n + 1)) > "$FAKE_DIR/polls"; if [ "$n" -ge 2 ]; then echo 55; else echo null; fi ;;
  interface.has_pending_changes) echo True ;;
  interface.query) echo '[]' ;;
  *) echo null ;;
esac
`;

test("confirm from a fresh connection waits for a commit still running, then checks it in (no rollback over it)", () => {
  const spec = truenasRemovalSpec(inputs({ name: "lagg9" }), "@@n");
  const r = runWithFakeMidclt(renderTruenasConfirmScript(spec), FAKE_MIDCLT_COMMIT_RUNNING);
  try {
    const calls = r.log.filter((l) => l[0] === "midclt").map((c) => c[2]);
    expect(calls).toContain("interface.checkin");
    expect(calls).not.toContain("interface.rollback");
    expect(r.stdout).toContain("@@n CONFIRMED");
    expect(r.code).toBe(0);
  } finally {
    r.cleanup();
  }
});
