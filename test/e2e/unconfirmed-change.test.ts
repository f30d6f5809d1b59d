// Issue 12, item 4: a commit-confirmed change that cuts the session and cannot be confirmed. The
// provider waits out the host's rollback timer, reconnects and reports what the host shows, with the
// README's wording; it logs its confirm retries at most once per attempt (not per failed dial); and
// the host's rollback restores everything the change touched, the ports' MTU included.
//
// The mistake: the management address moves onto an LACP lagg whose switch ports speak no LACP, with
// the gate off (`lacpTimeout: 0`): the lagg carries nothing, so the session is lost and no confirm
// can reach the host until the timer puts 192.0.2.2 back on em0.
import { readFileSync } from "node:fs";
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { onHost, withLogs, rcConfText } from "./harness";

const README = readFileSync(`${__dirname}/../../README.md`, "utf8");
const WORDING = "the change was not confirmed in time and the host's rollback timer restored the previous configuration";

async function live(sim: SimHost, name: string) {
  const r = await onHost(sim, "ifconfig", name);
  const i = r.exitCode === 0 ? parseIfconfig(r.stdout)[0] : undefined;
  return i && { mtu: i.mtu, inet: i.inet.map((a) => `${a.address}/${a.prefixLength}`) };
}

jest.setTimeout(180_000);

describe("a commit-confirmed change that is never confirmed (the lagg it moved the session onto carries nothing)", () => {
  let sim: SimHost;
  beforeAll(async () => {
    const nics = ["em0", "em1", "igb0", "igb1"].map((name) => ({ name, lacpPartner: !name.startsWith("em") }));
    sim = await startSimHost({ interfaces: nics });
    expect(await onHost(sim, "sysrc", "ifconfig_em0=inet 192.0.2.2/24")).toMatchObject({ exitCode: 0 });
    expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
  });
  afterAll(async () => {
    await closeAllConnections();
    await sim?.stop();
  });

  test("the provider waits out the timer, reports the README's words, logs once per attempt at most; em0 has its address and MTU back", async () => {
    expect(README.replace(/\s+/g, " ")).toContain(WORDING);
    const rcBefore = rcConfText(sim);
    const before = { em0: await live(sim, "em0"), em1: await live(sim, "em1") };
    expect(before.em0).toEqual({ mtu: 1500, inet: ["192.0.2.2/24"] });

    const provider = new LaggProvider();
    const connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
    const { inputs, failures } = await provider.check({}, {
      connection, name: "lagg0", protocol: "lacp", ports: ["em0", "em1"], addresses: ["192.0.2.2/24"], mtu: 9000,
      lacpTimeout: 0, confirmTimeout: 10, persist: "rc.conf",
    });
    expect(failures).toEqual([]);
    const r = await withLogs(() => provider.create(inputs!));

    // What the host shows is reported, in the README's words.
    expect(r.error?.message).toContain(WORDING);
    // Retries: at most one line per confirm attempt, none per failed dial.
    const confirmLines = r.logs.filter((l) => /confirming lagg0 \(attempt \d+\)/.test(l));
    const summary = r.logs.find((l) => /could not confirm lagg0 in 10 s \((\d+) attempts\)/.test(l));
    expect(summary).toBeDefined();
    const attempts = Number(summary!.match(/\((\d+) attempts\)/)![1]);
    expect(attempts).toBeGreaterThan(1);
    expect(confirmLines.length).toBeGreaterThanOrEqual(1);
    expect(confirmLines.length).toBeLessThanOrEqual(attempts);
    expect(r.logs.filter((l) => /\bDial\b/.test(l))).toEqual([]);

    // The host's rollback undid everything: no lagg, em0's address and MTU back, rc.conf untouched.
    expect(await live(sim, "lagg0")).toBeUndefined();
    expect({ em0: await live(sim, "em0"), em1: await live(sim, "em1") }).toEqual(before);
    expect(rcConfText(sim)).toBe(rcBefore);
    expect(sim.machine.isAddressReachable("192.0.2.2")).toBe(true);
  });
});
