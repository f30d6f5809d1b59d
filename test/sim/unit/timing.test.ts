// Hosts that take time: carrier after `up` (--link-delay-ms), LACP negotiation after a join (--lacp-delay-ms).
import { freshMachine, ifconfigText, portLines, run, runAll } from "./helpers";

/** Polls `probe` until it holds, for at most `withinMs` (generous: these are not timing assertions). */
async function eventually(probe: () => Promise<boolean>, withinMs = 5000): Promise<boolean> {
  for (const until = Date.now() + withinMs; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    if (await probe()) return true;
  }
  return probe();
}

const status = async (machine: ReturnType<typeof freshMachine>, name: string) =>
  (await ifconfigText(machine, name)).match(/\tstatus: (.*)\n/)?.[1];

describe("link delay", () => {
  test("a NIC shows no carrier right after up, and active once the delay has passed", async () => {
    const machine = freshMachine({ linkDelayMs: 200 });
    await runAll(machine, "ifconfig igb0 up");
    expect(await status(machine, "igb0")).toBe("no carrier");
    expect(await ifconfigText(machine, "igb0")).not.toContain("LOWER_UP");
    expect(await eventually(async () => (await status(machine, "igb0")) === "active")).toBe(true);
  });

  test("the simulator starts with its links settled: the management address is reachable at once", () => {
    const machine = freshMachine({ linkDelayMs: 60_000 });
    expect(machine.isAddressReachable("192.0.2.2")).toBe(true);
  });

  test("after a reboot the links take their time again", async () => {
    const machine = freshMachine({ linkDelayMs: 60_000 });
    await runAll(machine, "reboot");
    expect(machine.isAddressReachable("192.0.2.2")).toBe(false);
    machine.kernel.settleTimers();
    expect(machine.isAddressReachable("192.0.2.2")).toBe(true);
  });

  test("down and up restart the clock; a NIC without a cable never gets link", async () => {
    const machine = freshMachine({ linkDelayMs: 60_000, interfaces: ["igb0", { name: "igb1", link: false }, "ix1"] });
    await runAll(machine, "ifconfig igb0 up", "ifconfig igb1 up");
    machine.kernel.settleTimers();
    expect(await status(machine, "igb0")).toBe("active");
    expect(await status(machine, "igb1")).toBe("no carrier");
    await runAll(machine, "ifconfig igb0 down", "ifconfig igb0 up");
    expect(await status(machine, "igb0")).toBe("no carrier");
  });

  test("without delays everything is instant (the default)", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig igb0 up", "ifconfig lagg0 create laggproto lacp laggport igb0 up");
    expect(await status(machine, "igb0")).toBe("active");
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>"]);
  });
});

describe("LACP delay", () => {
  test("a joined port with a partner is not negotiated at first, then COLLECTING,DISTRIBUTING", async () => {
    const machine = freshMachine({ lacpDelayMs: 200 });
    await runAll(machine, "ifconfig igb0 up", "ifconfig igb1 up",
      "ifconfig lagg0 create laggproto lacp laggport igb0 laggport igb1 up");
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=0<>", "igb1 flags=0<>"]);
    const verbose = await ifconfigText(machine, "lagg0", true);
    expect(verbose).toContain("laggport: igb0 flags=0<> state=d<ACTIVITY,AGGREGATION,SYNC>");
    expect(verbose).toContain("\t\tactive ports: 0\n");
    expect(await eventually(async () => (await portLines(machine, "lagg0")).every((l) => l.endsWith("flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>")))).toBe(true);
    expect(await ifconfigText(machine, "lagg0", true)).toContain("state=3d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING>");
  });

  test("negotiation starts when the port's link comes up (link delay, then LACP delay)", async () => {
    const machine = freshMachine({ linkDelayMs: 150, lacpDelayMs: 150 });
    await runAll(machine, "ifconfig lagg0 create laggproto lacp laggport igb0 up", "ifconfig igb0 up");
    expect(await ifconfigText(machine, "lagg0", true)).toContain("laggport: igb0 flags=0<> state=41<ACTIVITY,DEFAULTED>");
    expect(await eventually(async () => (await portLines(machine, "lagg0"))[0] === "igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>")).toBe(true);
    const commands = machine.records.changes.map((c) => `${c.interface} ${c.what}`);
    expect(commands).toEqual(expect.arrayContaining(["igb0 link state up", "igb0 lacp collecting,distributing"]));
  });

  test("a port whose switch side does not speak LACP never negotiates, however long one waits", async () => {
    const machine = freshMachine({ lacpDelayMs: 50, interfaces: ["igb0", { name: "igb1", lacpPartner: false }, "ix1"] });
    await runAll(machine, "ifconfig igb0 up", "ifconfig igb1 up",
      "ifconfig lagg0 create laggproto lacp laggport igb0 laggport igb1 up");
    expect(await eventually(async () => (await portLines(machine, "lagg0"))[0].endsWith("<ACTIVE,COLLECTING,DISTRIBUTING>"))).toBe(true);
    expect((await portLines(machine, "lagg0"))[1]).toBe("igb1 flags=0<>");
  });

  test("settleTimers ends every pending negotiation at once (for tests that do not want to wait)", async () => {
    const machine = freshMachine({ lacpDelayMs: 60_000 });
    await runAll(machine, "ifconfig igb0 up", "ifconfig lagg0 create laggproto lacp laggport igb0 up");
    expect((await run(machine, "ifconfig lagg0")).stdout).toContain("laggport: igb0 flags=0<>");
    machine.kernel.settleTimers();
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>"]);
  });
});
