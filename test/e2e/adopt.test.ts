// Adoption shows before it changes: "observe" records a hand-made lagg as it is; true converges it and logs
// every change (old -> new) first; an `up` that reverts drift logs what it reverts.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, useSimStack } from "./harness";

async function live(sim: SimHost, name: string) {
  const r = await onHost(sim, "ifconfig", "-v", name);
  return r.exitCode === 0 ? parseIfconfig(r.stdout)[0] : undefined;
}

/** A lagg made by hand, as an admin would: MTU 9000 and an extra alias. */
async function handMade(sim: SimHost, name: string, ports: string[]) {
  const commands = [
    [name, "create"], [name, "laggproto", "lacp", ...ports.flatMap((p) => ["laggport", p])], [name, "mtu", "9000"],
    [name, "inet", "192.0.2.5/24"], [name, "inet", "192.0.2.99/24", "alias"], [name, "up"],
  ];
  for (const argv of commands) {
    const r = await onHost(sim, "ifconfig", ...argv);
    expect({ argv, exitCode: r.exitCode, stderr: r.stderr }).toEqual({ argv, exitCode: 0, stderr: "" });
  }
}

const providerLines = (stack: E2EStack) =>
  stack.logs.map((l) => JSON.parse(l) as { kind: string; line?: string }).filter((e) => e.kind === "provider-log").map((e) => e.line ?? "");

describe("adopt", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]), { scope: "all" });

  const observe = { name: "lagg5", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["192.0.2.5/24"], adopt: "observe" };

  test('"observe" takes the lagg over without changing it and records its live state', async () => {
    await handMade(sim, "lagg5", ["igb0", "igb1"]);
    const before = await live(sim, "lagg5");
    const r = await stack.up({ five: observe });
    expect(r.errors).toEqual([]);
    expect(await live(sim, "lagg5")).toEqual(before);
    expect(stack.outputs("five")).toMatchObject({ mtu: 9000, addresses: ["192.0.2.5/24", "192.0.2.99/24"], adopt: "observe" });
  });

  test("the next preview shows an update; with --refresh it names exactly the fields up would change", async () => {
    const p = await stack.preview({ five: observe });
    expect(p.errors).toEqual([]);
    expect(p.steps.map((s) => s.op)).toEqual(["update"]);
    // The engine shows key-level diffs of stored inputs vs new inputs; refresh stores the observed inputs.
    expect((await stack.refresh()).errors).toEqual([]);
    const refreshed = await stack.preview({ five: observe });
    expect(refreshed.steps.map((s) => [s.op, s.diffKeys])).toEqual([["update", ["addresses", "mtu"]]]);
  });

  test("up then makes those changes", async () => {
    const r = await stack.up({ five: observe });
    expect(r.errors).toEqual([]);
    const l = await live(sim, "lagg5");
    expect(l?.mtu).toBe(1500);
    expect(l?.inet.map((a) => a.address)).toEqual(["192.0.2.5"]);
  });

  test("adopt: true converges and logs each change, old -> new, before making it", async () => {
    await handMade(sim, "lagg6", ["igb2", "igb3"]);
    const logged = stack.logs.length;
    const six = { name: "lagg6", protocol: "lacp", ports: ["igb2", "igb3"], addresses: ["192.0.2.5/24"], adopt: true };
    const r = await stack.up({ five: observe, six });
    expect(r.errors).toEqual([]);
    const lines = providerLines({ ...stack, logs: stack.logs.slice(logged) } as E2EStack);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringContaining("lagg6: adopting, changing: mtu: 9000 -> 1500"),
      expect.stringContaining('lagg6: adopting, changing: addresses: ["192.0.2.5/24","192.0.2.99/24"] -> ["192.0.2.5/24"]'),
    ]));
    expect((await live(sim, "lagg6"))?.mtu).toBe(1500);
  });

  test("drift that up reverts is logged with old -> new values", async () => {
    expect((await onHost(sim, "ifconfig", "lagg6", "mtu", "4000")).exitCode).toBe(0);
    const logged = stack.logs.length;
    const six = { name: "lagg6", protocol: "lacp", ports: ["igb2", "igb3"], addresses: ["192.0.2.5/24"], adopt: true, description: "uplink" };
    const r = await stack.up({ five: observe, six });
    expect(r.errors).toEqual([]);
    const lines = providerLines({ ...stack, logs: stack.logs.slice(logged) } as E2EStack);
    expect(lines).toEqual(expect.arrayContaining([expect.stringContaining("lagg6: reverting drift: mtu: 4000 -> 1500")]));
    expect((await live(sim, "lagg6"))?.mtu).toBe(1500);
  });
});
