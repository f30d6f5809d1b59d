// The LACP gate (host/lacp-gate.sh): which ports lack a partner, read from `ifconfig -v` as FreeBSD
// prints it (the lines below are the ones reports/sim-timing-h5.md lists from ieee8023ad_lacp.c and
// ifconfig's lagg status), the same rule as status.ports[].negotiated, and the polling loop's outcome.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseIfconfig } from "../../../provider/ifconfig/parse";
import { lacpNegotiated } from "../../../provider/outputs";
import { hostFile } from "../../../provider/script/host-files";
import { requireOrSkip } from "../../sim/server/system-deps";
import { FIXTURES, ifconfigBlocks, runWithPrelude, scratchHost, SHELLS } from "./harness";

const GATE = hostFile("lacp-gate.sh");
const ACTOR = "\t\t[(8000,58-9C-FC-10-FF-C0,01AB,8000,0001),";
const PARTNER = "\t\t (8000,00-1C-73-5E-00-07,0107,8000,0102)]";
const NO_PARTNER = "\t\t (FFFF,00-00-00-00-00-00,0000,FFFF,0000)]";

/** An lacp lagg0 block whose ports print these `laggport:` remainders (flags, state) and partner lines. */
function lagg(ports: [string, string, string][]): string {
  return [
    "lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500",
    "\tether 58:9c:fc:10:ff:c0",
    "\tlaggproto lacp lagghash l2,l3,l4",
    "\tlagg options:",
    "\t\tflags=0<>",
    "\tlagg statistics:",
    "\t\tactive ports: 1",
    ...ports.flatMap(([name, rest, partner]) => [`\tlaggport: ${name} ${rest}`, ACTOR, partner]),
    "\tstatus: active",
  ].join("\n");
}

const NEGOTIATED = "flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING>";
const CASES: [string, string, string, boolean][] = [
  ["negotiated", NEGOTIATED, PARTNER, true],
  ["negotiated, lacp_fast_timeout", "flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3f<ACTIVITY,TIMEOUT,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING>", PARTNER, true],
  ["still negotiating", "flags=0<> state=d<ACTIVITY,AGGREGATION,SYNC>", PARTNER, false],
  ["no partner (strict; non-strict on 13+)", "flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>", NO_PARTNER, false],
  ["no partner, non-strict before 13: the optimistic admin partner", "flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=7d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING,DEFAULTED>", NO_PARTNER, false],
  ["no partner, non-strict before 13, not in the active aggregator", "flags=18<COLLECTING,DISTRIBUTING> state=7d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING,DEFAULTED>", NO_PARTNER, false],
  ["no link", "flags=0<> state=41<ACTIVITY,DEFAULTED>", NO_PARTNER, false],
  ["lagg down", "flags=0<> state=85<ACTIVITY,AGGREGATION,EXPIRED>", PARTNER, false],
];

/** lacp_pending on `text` as the last snap; the ports it lists. */
function pending(text: string, shell = SHELLS[0]): string[] {
  const host = scratchHost(shell);
  try {
    const r = runWithPrelude(host, `${GATE}\nS=$(cat <<'EOF_S'\n${text}\nEOF_S\n)\nprintf '[%s]' "$(lacp_pending)"`);
    expect(r.stderr).toBe("");
    return r.stdout.replace(/^\[|\]$/g, "").split(" ").filter((p) => p !== "");
  } finally {
    host.cleanup();
  }
}

describe("lacp_pending: the ports without a real partner", () => {
  test.each(CASES)("%s: %s", (_what, rest, partner, negotiated) => {
    const text = lagg([["igb0", NEGOTIATED, PARTNER], ["igb1", rest, partner]]);
    expect(pending(text)).toEqual(negotiated ? [] : ["igb1"]);
    // The status output applies the same rule to the same text.
    const status = parseIfconfig(text)[0].lagg!.ports.map((p) => [p.name, lacpNegotiated(p)]);
    expect(status).toEqual([["igb0", true], ["igb1", negotiated]]);
  });

  for (const shell of SHELLS.slice(1)) {
    requireOrSkip(shell.binary, `lacp_pending under ${shell.name}`)(`under ${shell.name}`, () => {
      test("two ports without a partner are both listed", () => {
        const text = lagg([["igb0", "flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>", NO_PARTNER], ["ix1", "flags=0<> state=d<ACTIVITY,AGGREGATION,SYNC>", PARTNER]]);
        expect(pending(text, shell)).toEqual(["igb0", "ix1"]);
      });
    });
  }

  // Every golden fixture's lacp ports: the host-side rule and status.ports[].negotiated agree.
  const lacpBlocks = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".txt"))
    .flatMap((f) => ifconfigBlocks(readFileSync(join(FIXTURES, f), "utf8")).map((raw, k) => [`${f} #${k + 1}`, raw] as const))
    .filter(([, raw]) => parseIfconfig(raw)[0]?.lagg?.protocol === "lacp");
  test.each(lacpBlocks)("agrees with status.ports[].negotiated on %s", (_name, raw) => {
    const ports = parseIfconfig(raw)[0].lagg!.ports;
    expect(pending(raw)).toEqual(ports.filter((p) => !lacpNegotiated(p)).map((p) => p.name));
  });
});

/**
 * lacp_gate against an `ifconfig` that shows `before` for the first `polls` calls and `after` from
 * then on (a shell function shadowing the fake tool); the markers it printed and its exit code.
 */
function gate(seconds: number, before: string, after: string, polls: number) {
  const host = scratchHost();
  try {
    const fake = `ifconfig() { _n=$(cat "$FAKE_DIR/polls" 2>/dev/null || echo 0); echo $((_n + 1)) > "$FAKE_DIR/polls"; if [ "$_n" -lt ${polls} ]; then cat "$FAKE_DIR/before"; else cat "$FAKE_DIR/after"; fi; }`;
    writeFileSync(join(host.dir, "before"), `${before}\n`);
    writeFileSync(join(host.dir, "after"), `${after}\n`);
    const r = runWithPrelude(host, `${GATE}\n${fake}\nN=lagg0; LACP_WAIT=${seconds}\nlacp_wait; echo "rc=$?"`);
    return { markers: r.stdout.split("\n").filter((l) => l.startsWith("@@t ")), rc: /rc=(\d+)/.exec(r.stdout)?.[1], stderr: r.stderr };
  } finally {
    host.cleanup();
  }
}

describe("lacp_gate: wait for every partner, else fail naming the ports and the switch", () => {
  const waiting = lagg([["igb0", "flags=0<> state=d<ACTIVITY,AGGREGATION,SYNC>", PARTNER], ["igb1", "flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>", NO_PARTNER]]);
  const done = lagg([["igb0", NEGOTIATED, PARTNER], ["igb1", NEGOTIATED, PARTNER]]);

  test("partners that come during the wait: success, with a progress marker naming the ports still negotiating", () => {
    const r = gate(10, waiting, done, 2);
    expect(r.rc).toBe("0");
    expect(r.markers[0]).toMatch(/^@@t LACP-WAIT \d+ 10 igb0 igb1 $/);
    expect(r.markers.some((m) => m.includes("STEP-FAILED"))).toBe(false);
  });

  test("a partner that never comes: fails once the timeout passed, naming only that port and the switch side", () => {
    const stuck = lagg([["igb0", NEGOTIATED, PARTNER], ["igb1", "flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>", NO_PARTNER]]);
    const r = gate(1, stuck, stuck, 0);
    expect(r.rc).toBe("1");
    expect(r.markers[r.markers.length - 1]).toMatch(/^@@t STEP-FAILED rc=1 lacp: no LACP partner on igb1 after 1 s \(lacpTimeout\): the switch ports must be configured as an LACP port-channel/);
  });

  test("LACP_WAIT=0 (lacpTimeout: 0): no wait, no ifconfig call, success", () => {
    const r = gate(0, waiting, waiting, 0);
    expect(r).toMatchObject({ rc: "0", markers: [] });
  });
});
