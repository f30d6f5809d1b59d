// A port an administrator left down is put back down when it leaves the lagg, even when the session
// carrying the change was cut before its result arrived: the provider reconnects and finishes against
// what the host shows (the port up, as a lagg port), so what the port was before must come from the
// read the change's exec made before changing anything, not from the host after the cut.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, rcConfText, useSimStack } from "./harness";

jest.setTimeout(120_000);

const isUp = async (sim: SimHost, name: string) => parseIfconfig((await onHost(sim, "ifconfig", name)).stdout)[0]?.flags.includes("UP");

describe("a port down before the change, the session cut after the change applied", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]));

  test.each([
    ["create", { safeApply: true }, ["igb0", "igb1"]],
    ["create with safeApply off", { safeApply: false }, ["igb0", "igb1"]],
    ["update adding it", { safeApply: true }, ["igb0"]],
  ])("%s: igb1 is down again after the delete, rc.conf as before", async (_what, extra, firstPorts) => {
    const base = { name: "lagg0", protocol: "lacp", addresses: ["192.0.2.10/24"], ...extra };
    expect(await onHost(sim, "ifconfig", "igb0", "up")).toMatchObject({ exitCode: 0 });
    expect(await onHost(sim, "ifconfig", "igb1", "down")).toMatchObject({ exitCode: 0 });
    const rcBefore = rcConfText(sim);
    if (firstPorts.length < 2) expect((await stack.up({ uplink: { ...base, ports: firstPorts } })).errors).toEqual([]);

    const cuts = sim.execs.filter((e) => e.connectionCut).length;
    sim.faults.dropAfterExecs(1, "beforeResult");
    expect((await stack.up({ uplink: { ...base, ports: ["igb0", "igb1"] } })).errors).toEqual([]);
    expect(sim.execs.filter((e) => e.connectionCut).length).toBe(cuts + 1);
    expect(await isUp(sim, "igb1")).toBe(true);

    expect((await stack.destroy()).errors).toEqual([]);
    expect(await isUp(sim, "igb1")).toBe(false);
    expect(await isUp(sim, "igb0")).toBe(true);
    expect(rcConfText(sim)).toBe(rcBefore);
  });
});
