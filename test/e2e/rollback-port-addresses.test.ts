// Issue 18: a port that leaves in an update that then fails is given its own addresses back by the apply
// (as its restored rc.conf lines would give them at boot), and the rollback makes it a port again: it must
// not keep them as a lagg port. The failure here is the LACP gate (the joining igb2's switch speaks no
// LACP), which fails after every step ran, the hand-back included.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { onHost, rcConfText, withLogs } from "./harness";

const NICS = ["em0", "em1", "igb0", "igb1", { name: "igb2", lacpPartner: false }];

describe("a port that leaves in an update that fails", () => {
  let sim: SimHost;
  const provider = new LaggProvider();
  beforeAll(async () => {
    sim = await startSimHost({ interfaces: NICS });
  });
  afterAll(async () => {
    await closeAllConnections();
    await sim?.stop();
  });

  const iface = async (name: string) => parseIfconfig((await onHost(sim, "ifconfig", "-v", name)).stdout)[0];
  const inetOf = async (name: string) => (await iface(name))?.inet.map((a) => `${a.address}/${a.prefixLength}`) ?? [];

  test("is a port again after the rollback, without the addresses it was given back", async () => {
    // igb1 has an address of its own (live and in rc.conf) before it joins.
    expect(await onHost(sim, "ifconfig", "igb1", "inet", "10.9.1.1/24")).toMatchObject({ exitCode: 0 });
    expect(await onHost(sim, "sysrc", "ifconfig_igb1=inet 10.9.1.1/24")).toMatchObject({ exitCode: 0 });
    const connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
    const args = { connection, name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["198.51.100.7/24"], persist: "rc.conf", lacpTimeout: 10 };
    const { inputs, failures } = await provider.check({}, args);
    expect(failures).toEqual([]);
    const created = await withLogs(() => provider.create(inputs));
    expect(created.error).toBeUndefined();
    expect(await inetOf("igb1")).toEqual([]);
    const olds = created.value!.outs as Record<string, any>;
    const rcBefore = rcConfText(sim);

    // igb1 leaves (and gets 10.9.1.1/24 back live), igb2 joins and never finds a partner: the gate fails.
    const next = await provider.check(olds, { ...args, ports: ["igb0", "igb2"], lacpTimeout: 2 });
    expect(next.failures).toEqual([]);
    const from = sim.machine.records.commands.length;
    const r = await withLogs(() => provider.update("lagg0", olds, next.inputs));
    expect(r.error?.message).toMatch(/no LACP partner on igb2/);
    // The apply did give it back (so the rollback had something to take off) ...
    const ran = sim.machine.records.commands.slice(from).map((c) => [c.command, ...c.argv].join(" "));
    expect(ran).toContain("ifconfig igb1 inet 10.9.1.1/24 alias");

    // ... and after the rollback igb1 is a port again, without it.
    const lagg = await iface("lagg0");
    expect(lagg?.lagg?.ports.map((p) => p.name).sort()).toEqual(["igb0", "igb1"]);
    expect(await inetOf("igb1")).toEqual([]);
    expect(await inetOf("lagg0")).toEqual(["198.51.100.7/24"]);
    expect(rcConfText(sim)).toBe(rcBefore);
  });
});
