// Rendered scripts of every kind (rc.conf create/update/delete, read, safe-apply + confirm, TrueNAS
// create + confirm) with the fake-host state each needs: the portability matrix runs them under
// every shell, the lint test feeds them to shellcheck.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { convergeSpec, removalSpec } from "../../../provider/operations/spec";
import { truenasApplySpec } from "../../../provider/ways/truenas/spec";
import { renderApplyBody, renderApplyScript, renderReadScript } from "../../../provider/script/render";
import { renderConfirmScript } from "../../../provider/script/safe-apply";
import { renderTruenasConfirmScript, renderTruenasPortRowRead, renderTruenasScript, truenasQueryLine } from "../../../provider/script/truenas";
import { desiredLaggState } from "../../../provider/state";
import { inputs } from "../core/fixtures";

export const NONCE = "@@lagg-host";

/** A description with every shell metacharacter: it must reach ifconfig verbatim under every shell. */
export const NASTY = `it's "quoted" $(touch /tmp/lagg-pwned) \`touch /tmp/lagg-pwned2\`; rm -rf / & echo \\ $HOME`;

/** The `ifconfig -v` text of lagg0 as `inputs()` describes it. */
export function laggText(o: { description?: string; mtu?: number; ports?: string[] } = {}): string {
  return [
    `lagg0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu ${o.mtu ?? 1500}`,
    ...(o.description !== undefined ? [`\tdescription: ${o.description}`] : []),
    "\toptions=0",
    "\tether 58:9c:fc:00:00:01",
    "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255",
    "\tinet6 2001:db8::1 prefixlen 64",
    "\tinet6 2001:db8::a:b prefixlen 64 autoconf",
    "\tlaggproto lacp lagghash l2,l3,l4",
    "\tlagg options:",
    "\t\tflags=10<LACP_STRICT>",
    "\t\tflowid_shift: 16",
    ...(o.ports ?? ["igb0", "igb1"]).map((p) => `\tlaggport: ${p} flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>`),
    "\tgroups: lagg",
    "",
  ].join("\n");
}

/** A midclt that logs its argv and answers like an idle middleware (refusing interface.create like a validation error). */
export const FAKE_MIDCLT = `#!/bin/sh
{ printf 'midclt'; printf '\\0%s' "$@"; printf '\\n'; } >> "$FAKE_DIR/log"
case "$2" in
  interface.query) echo '[]' ;;
  interface.has_pending_changes) echo False ;;
  interface.checkin_waiting) echo null ;;
  interface.create) echo '[EINVAL] interface_create.lag_ports.0: Not a valid interface.' >&2; exit 1 ;;
  *) echo null ;;
esac
`;

/** A midclt whose database holds lagg0 and whose commit brings the kernel to $FAKE_DIR/target-lagg0 (what sync does). */
export const FAKE_MIDCLT_COMMITS = `#!/bin/sh
{ printf 'midclt'; printf '\\0%s' "$@"; printf '\\n'; } >> "$FAKE_DIR/log"
case "$2" in
  interface.query) echo '[{"id": "lagg0"}]' ;;
  interface.has_pending_changes) echo False ;;
  interface.commit) cp "$FAKE_DIR/target-lagg0" "$FAKE_DIR/state-lagg0"; echo null ;;
  *) echo null ;;
esac
`;

/** One fake-host run: scripts run in order on the same host state. */
export interface Scenario {
  name: string;
  scripts: string[];
  /** Writes the fake host's state into `dir` (igb0/igb1/igb2 always exist); `bin` is first on PATH. */
  setup?: (dir: string, bin: string) => void;
  sshConnection?: string;
  /** The exit codes the scripts must end with (the same under every shell). */
  codes: number[];
}

const exists = (dir: string, name: string, text?: string) => {
  writeFileSync(join(dir, `exists-${name}`), "");
  if (text !== undefined) writeFileSync(join(dir, `state-${name}`), text);
};

const i = inputs({ addresses: ["192.0.2.10/24", "2001:db8::1/64"], description: NASTY, lacpStrict: true, flowidShift: 16, ipv6Autoconf: true });
const update = convergeSpec({ operation: "update", nonce: NONCE, news: { ...i, mtu: 9000 }, olds: i, actual: desiredLaggState(i), checkActual: true });
const create = convergeSpec({ operation: "create", nonce: NONCE, news: i, checkActual: true });
const truenas = truenasApplySpec({ operation: "create", news: i }, NONCE);
/** Issue 12 on TrueNAS: igb1's own row (an address, a description with quotes) is cleared; igb2 leaves and gets its row back. */
const PORT_ROW = { description: NASTY, aliases: [{ type: "INET" as const, address: "10.9.0.3", netmask: 24 }], ipv4_dhcp: false, ipv6_auto: false, mtu: 9000, options: "-lro", disable_offload_capabilities: false };
const truenasPortsUpdate = truenasApplySpec({
  operation: "update", news: { ...i, mtu: 9000 }, olds: i, actual: { ...desiredLaggState(i), ports: ["igb0", "igb1", "igb2"] },
  internal: { downPortsToRestore: [], portsToRestore: { igb2: { rc: {}, truenas: { row: PORT_ROW } } } },
}, NONCE, { igb1: { rc: {}, truenas: { row: PORT_ROW } } });

/** Every kind of script, on a fake host, with the exit codes they end with. */
export const SCENARIOS: Scenario[] = [
  { name: "create (rc.conf): applied, verified, persisted", scripts: [renderApplyScript(create)], setup: (d) => writeFileSync(join(d, "target-lagg0"), laggText({ description: NASTY })), codes: [0] },
  { name: "create (rc.conf): a state that does not verify is rolled back", scripts: [renderApplyScript(create)], setup: (d) => writeFileSync(join(d, "target-lagg0"), laggText({ description: "else" })), codes: [5] },
  { name: "create (rc.conf): preflight refuses an existing lagg", scripts: [renderApplyScript(create)], setup: (d) => exists(d, "lagg0"), codes: [4] },
  { name: "update (rc.conf): drift is reported, nothing changes", scripts: [renderApplyScript(update)], setup: (d) => exists(d, "lagg0", laggText({ description: "drifted" })), codes: [3] },
  { name: "update (rc.conf): applied", scripts: [renderApplyScript(update)], setup: (d) => exists(d, "lagg0", laggText({ description: NASTY })), codes: [0] },
  { name: "delete (rc.conf): destroyed and verified gone", scripts: [renderApplyScript(removalSpec(NONCE, i, ["igb1"]))], setup: (d) => exists(d, "lagg0", laggText({ description: NASTY })), codes: [0] },
  { name: "delete (rc.conf): refused when it carries the session", scripts: [renderApplyScript({ ...removalSpec(NONCE, i, []), refuseIfCarriesSession: true })], setup: (d) => exists(d, "lagg0", laggText()), sshConnection: "198.51.100.9 50000 192.0.2.10 22", codes: [4] },
  { name: "read", scripts: [renderReadScript("lagg0", NONCE, ["ifconfig_lagg0"])], setup: (d) => exists(d, "lagg0", laggText()), codes: [0] },
  { name: "read (TrueNAS row when midclt exists)", scripts: [renderReadScript("lagg0", NONCE, ["ifconfig_lagg0"], { line: truenasQueryLine("lagg0"), always: false })], setup: (d, b) => { exists(d, "lagg0", laggText()); writeFileSync(join(b, "midclt"), FAKE_MIDCLT, { mode: 0o755 }); }, codes: [0] },
  {
    name: "safe-apply (rc.conf): applied detached, pending, then confirmed",
    scripts: [renderApplyScript(update), renderConfirmScript(update)],
    setup: (d) => exists(d, "lagg0", laggText({ description: NASTY })),
    sshConnection: "198.51.100.9 50000 192.0.2.10 22",
    codes: [7, 0],
  },
  { name: "TrueNAS create: the middleware's refusal is relayed", scripts: [renderTruenasScript(truenas)], setup: (_d, b) => writeFileSync(join(b, "midclt"), FAKE_MIDCLT, { mode: 0o755 }), codes: [4] },
  {
    name: "TrueNAS update: committed with rollback armed, verified, checked in",
    scripts: [renderTruenasScript(truenasApplySpec({ operation: "update", news: { ...i, mtu: 9000 }, olds: i, actual: desiredLaggState(i) }, NONCE))],
    setup: (d, b) => {
      // The host shows what was recorded (the ports of `i`): the drift check passes.
      exists(d, "lagg0", laggText({ description: NASTY }));
      writeFileSync(join(d, "target-lagg0"), laggText({ description: NASTY, mtu: 9000 }));
      writeFileSync(join(b, "midclt"), FAKE_MIDCLT_COMMITS, { mode: 0o755 });
    },
    codes: [0],
  },
  { name: "TrueNAS ports' rows read", scripts: [renderTruenasPortRowRead(["igb0", "igb1"], NONCE)], setup: (_d, b) => writeFileSync(join(b, "midclt"), FAKE_MIDCLT, { mode: 0o755 }), codes: [0] },
  {
    name: "TrueNAS update: a joining port's row cleared, a leaving port's row written back, committed",
    scripts: [renderTruenasScript(truenasPortsUpdate)],
    setup: (d, b) => {
      // The host shows what was recorded (igb2 still a port): the drift check passes.
      exists(d, "lagg0", laggText({ description: NASTY, ports: ["igb0", "igb1", "igb2"] }));
      writeFileSync(join(d, "target-lagg0"), laggText({ description: NASTY, mtu: 9000 }));
      writeFileSync(join(b, "midclt"), FAKE_MIDCLT_COMMITS, { mode: 0o755 });
    },
    codes: [0],
  },
  { name: "TrueNAS confirm: nothing waiting, state verifies", scripts: [renderTruenasConfirmScript(truenas)], setup: (d, b) => { exists(d, "lagg0", laggText({ description: NASTY })); writeFileSync(join(b, "midclt"), FAKE_MIDCLT, { mode: 0o755 }); }, codes: [0] },
];

/** Rendered texts to lint: whole scripts, and the bodies they carry inside a quoted BODY word. */
export function lintTargets(): [string, string][] {
  const bodies: [string, string][] = [
    ["create body", renderApplyBody(create)],
    ["update body (safe-apply branch)", renderApplyBody(update)],
    ["delete body", renderApplyBody({ ...removalSpec(NONCE, i, ["igb1"]), refuseIfCarriesSession: true })],
  ];
  const scripts = SCENARIOS.flatMap((s) => s.scripts.map((text, k) => [`${s.name} #${k + 1}`, text] as [string, string]));
  return [...bodies, ...scripts, ...scripts.map(([n, t]) => [`${n} (body)`, bodyOf(t)] as [string, string]).filter(([, t]) => t !== "")];
}

/** The body a locked script carries (`BODY='...'`), unquoted; "" for scripts without one. */
export function bodyOf(script: string): string {
  const m = script.match(/^BODY='((?:[^']|'\\'')*)'$/m);
  return m ? m[1].split(`'\\''`).join("'") : "";
}
