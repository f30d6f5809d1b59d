// Logs that say what happened (issue 19), the same on both backends: drift is only what changed outside
// Pulumi, a line comes after the decision it reports (nothing "recorded" before a refusal), and a slow
// TrueNAS commit says what it is waiting for.
import type { SimHost, SimHostOptions } from "../sim/server/sim-host-types";
import { E2EStack, onHost, providerLog, useSimStack } from "./harness";

jest.setTimeout(240_000);

/** lag_setup's 2 s link polls shrunk to 1 ms. */
const TRUENAS: SimHostOptions = { truenas: true, truenasTiming: { linkPollMs: 1 } };
const errorsOf = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message).join("\n");
const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, addresses: ["10.0.0.5/24"] };

describe.each([["FreeBSD", {} as SimHostOptions], ["TrueNAS", TRUENAS]])("%s", (label, options) => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]), { options });

  test("an update that adds a port while the MTU drifted: the MTU is drift, the port is the program's change", async () => {
    expect(errorsOf(await stack.up({ uplink: lagg }))).toBe("");
    expect((await onHost(sim, "ifconfig", "lagg0", "mtu", "1500")).exitCode).toBe(0);
    const from = stack.logs.length;
    expect(errorsOf(await stack.up({ uplink: { ...lagg, ports: ["igb0", "igb1", "igb2"] } }))).toBe("");
    const lines = providerLog(stack, from);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/lagg0 changed outside Pulumi \(.*mtu.*\); re-planning against the live state/)]));
    const drift = lines.filter((l) => l.includes("reverting drift"));
    expect(drift).toEqual([expect.stringContaining("lagg0: reverting drift: mtu: 1500 -> 9000")]);
    const live = await onHost(sim, "ifconfig", "lagg0");
    expect(live.stdout).toMatch(/mtu 9000/);
    expect(live.stdout).toMatch(/laggport: igb2/);
  });

  test("a create refused at preflight logs nothing about ports' configuration being recorded", async () => {
    // igb2 has configuration of its own that joining would take (and record): an rc.conf line, or a row.
    if (label === "FreeBSD") expect((await onHost(sim, "sysrc", "ifconfig_igb2=inet 10.9.0.2/24")).exitCode).toBe(0);
    else {
      expect((await onHost(sim, "midclt", "call", "interface.update", "igb2", JSON.stringify({ aliases: [{ type: "INET", address: "10.9.0.2", netmask: 24 }] }))).exitCode).toBe(0);
      expect((await onHost(sim, "midclt", "call", "interface.commit", JSON.stringify({ rollback: false }))).exitCode).toBe(0);
    }
    const from = stack.logs.length;
    const r = await stack.up({ uplink: { ...lagg, ports: ["igb2", "igb9"] } });
    expect(errorsOf(r)).toMatch(/port igb9 does not exist/);
    expect(errorsOf(r)).toMatch(/nothing was changed/);
    expect(providerLog(stack, from).filter((l) => /recorded, given back/.test(l))).toEqual([]);
    // Once a create applies, the same line is logged (after the change).
    const ok = stack.logs.length;
    expect(errorsOf(await stack.up({ uplink: { ...lagg, ports: ["igb2", "igb3"] } }))).toBe("");
    expect(providerLog(stack, ok)).toEqual(expect.arrayContaining([expect.stringMatching(/lagg0: port igb2: .*10\.9\.0\.2.*; recorded, given back when igb2 leaves lagg0/)]));
  });
});

describe("TrueNAS create progress", () => {
  let stack: E2EStack;
  useSimStack((_s, st) => (stack = st), { options: TRUENAS });

  test("the commit (the middleware's link wait, about 10 s on a real box) is announced before it runs", async () => {
    const from = stack.logs.length;
    expect(errorsOf(await stack.up({ uplink: lagg }))).toBe("");
    expect(providerLog(stack, from)).toEqual(expect.arrayContaining([expect.stringMatching(/lagg0: committing through the TrueNAS middleware/)]));
  });
});
