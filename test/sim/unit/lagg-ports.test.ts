// lagg(4) port semantics: flags per protocol, primary election, link and LACP partner changes.
import { freshMachine, ifconfigText, portLines, run, runAll } from "./helpers";

const UP_PORTS = ["ifconfig igb0 up", "ifconfig igb1 up", "ifconfig igb2 up"];

describe("port flags per protocol", () => {
  test.each([
    ["failover", ["igb0 flags=5<MASTER,ACTIVE>", "igb1 flags=0<>"]],
    ["loadbalance", ["igb0 flags=4<ACTIVE>", "igb1 flags=4<ACTIVE>"]],
    ["roundrobin", ["igb0 flags=4<ACTIVE>", "igb1 flags=4<ACTIVE>"]],
    ["broadcast", ["igb0 flags=4<ACTIVE>", "igb1 flags=4<ACTIVE>"]],
    ["lacp", ["igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>", "igb1 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>"]],
    ["none", ["igb0 flags=0<>", "igb1 flags=0<>"]],
  ])("%s with both ports up and linked", async (proto, expected) => {
    const machine = freshMachine();
    await runAll(machine, ...UP_PORTS, `ifconfig lagg0 create laggproto ${proto} laggport igb0 laggport igb1 up`);
    expect(await portLines(machine, "lagg0")).toEqual(expected);
    expect(await ifconfigText(machine, "lagg0")).toContain("\tstatus: active\n");
  });

  test.each([
    ["failover", ["igb0 flags=1<MASTER>", "igb1 flags=0<>"]],
    ["loadbalance", ["igb0 flags=0<>", "igb1 flags=0<>"]],
    ["lacp", ["igb0 flags=0<>", "igb1 flags=0<>"]],
  ])("%s with ports never brought up: no ACTIVE port, no carrier", async (proto, expected) => {
    const machine = freshMachine();
    await runAll(machine, `ifconfig lagg0 create laggproto ${proto} laggport igb0 laggport igb1 up`);
    expect(await portLines(machine, "lagg0")).toEqual(expected);
    const text = await ifconfigText(machine, "lagg0");
    expect(text).toContain("\tstatus: no carrier\n");
    expect(text.split("\n")[0]).toBe("lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500");
  });

  test("ports are listed in if_index order; MASTER stays on the first port added", async () => {
    const machine = freshMachine();
    await runAll(machine, ...UP_PORTS, "ifconfig lagg0 create laggport igb2 laggport igb0 laggport igb1 up");
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=0<>", "igb1 flags=0<>", "igb2 flags=5<MASTER,ACTIVE>"]);
  });

  test("failover moves ACTIVE to the next port with link and back", async () => {
    const machine = freshMachine();
    await runAll(machine, ...UP_PORTS, "ifconfig lagg0 create laggport igb0 laggport igb1 laggport igb2 up");
    machine.setLink("igb0", false);
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=1<MASTER>", "igb1 flags=4<ACTIVE>", "igb2 flags=0<>"]);
    machine.setLink("igb1", false);
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=1<MASTER>", "igb1 flags=0<>", "igb2 flags=4<ACTIVE>"]);
    machine.setLink("igb0", true);
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=5<MASTER,ACTIVE>", "igb1 flags=0<>", "igb2 flags=0<>"]);
  });

  test("removing the primary re-elects the list head and moves the lagg MAC to its burned-in address", async () => {
    const machine = freshMachine();
    await runAll(machine, ...UP_PORTS, "ifconfig lagg0 create laggport igb1 laggport igb2 laggport igb0 up");
    const k = machine.kernel;
    const igb0Mac = [...k.get("igb0").hwaddr!];
    expect(k.get("lagg0").mac).toEqual(k.get("igb1").hwaddr);
    await runAll(machine, "ifconfig lagg0 -laggport igb1");
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=5<MASTER,ACTIVE>", "igb2 flags=0<>"]);
    expect(k.get("lagg0").mac).toEqual(igb0Mac);
    expect(k.get("igb2").mac).toEqual(igb0Mac);
    expect(k.get("igb1").mac).toEqual(k.get("igb1").hwaddr);
  });

  test("a lagg port shows the lagg's MAC as ether and its own as hwaddr", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport igb0 laggport igb1");
    const k = machine.kernel;
    const fmt = (mac: number[]) => mac.map((b) => b.toString(16).padStart(2, "0")).join(":");
    const igb1 = await ifconfigText(machine, "igb1");
    expect(igb1).toContain(`\tether ${fmt(k.get("igb0").hwaddr!)}\n\thwaddr ${fmt(k.get("igb1").hwaddr!)}\n`);
    expect(await ifconfigText(machine, "igb0")).not.toContain("hwaddr");
  });

  test("destroy releases every port with its own MAC and capabilities", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport em0 laggport igb0", "ifconfig lagg0 destroy");
    const k = machine.kernel;
    expect(k.find("lagg0")).toBeUndefined();
    for (const name of ["em0", "igb0"]) {
      const port = k.get(name);
      expect(port.member).toBeUndefined();
      expect(port.mac).toEqual(port.hwaddr);
    }
    expect(k.get("igb0").capenable).toBe(k.get("igb0").profile!.capenable);
  });
});

describe("LACP", () => {
  const LACP = [...UP_PORTS, "ifconfig lagg0 create laggproto lacp laggport igb0 laggport igb1 up"];

  test("a port whose partner stops answering drops to flags=0<> and counts a flap", async () => {
    const machine = freshMachine();
    await runAll(machine, ...LACP);
    machine.setLacpPartner("igb1", false);
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>", "igb1 flags=0<>"]);
    const text = await ifconfigText(machine, "lagg0", true);
    expect(text).toContain("\t\tactive ports: 1\n\t\tflapping: 1\n");
    expect(text).toContain("\tlaggport: igb1 flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>\n" +
      "\t\t[(8000,");
    expect(text).toContain("\t\t (FFFF,00-00-00-00-00-00,0000,FFFF,0000)]\n");
  });

  test("a port without link is disabled (state=41), without partner the lagg has no link", async () => {
    const machine = freshMachine({ interfaces: ["igb0", "igb1", { name: "igb2", lacpPartner: false }, "ix1"] });
    await runAll(machine, "ifconfig igb2 up", "ifconfig igb1 up", "ifconfig lagg0 create laggproto lacp laggport igb1 laggport igb2 up");
    machine.setLink("igb1", false);
    const text = await ifconfigText(machine, "lagg0", true);
    expect(text).toContain("laggport: igb1 flags=0<> state=41<ACTIVITY,DEFAULTED>\n");
    expect(text).toContain("laggport: igb2 flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>\n");
    expect(text).toContain("\tlag id: [(0000,00-00-00-00-00-00,0000,0000,0000),\n\t\t (0000,00-00-00-00-00-00,0000,0000,0000)]\n");
    expect(text.split("\n")[0]).not.toContain("LOWER_UP");
    expect(text).toContain("\tstatus: active\n");
  });

  test("-v shows the lag id and each port's actor/partner on two lines", async () => {
    const machine = freshMachine();
    await runAll(machine, ...LACP);
    const k = machine.kernel;
    const mac = k.get("lagg0").mac!.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join("-");
    const key = (11 | (k.get("lagg0").index << 5)).toString(16).toUpperCase().padStart(4, "0");
    const port = k.get("igb0").index.toString(16).toUpperCase().padStart(4, "0");
    const text = await ifconfigText(machine, "lagg0", true);
    expect(text).toContain(`\tlag id: [(8000,${mac},${key},0000,0000),\n\t\t (8000,`);
    expect(text).toContain(`\tlaggport: igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING>\n` +
      `\t\t[(8000,${mac},${key},8000,${port}),\n\t\t (8000,`);
  });

  test("lacp_fast_timeout sets TIMEOUT on the ports present at that moment only", async () => {
    const machine = freshMachine();
    await runAll(machine, ...UP_PORTS, "ifconfig lagg0 create laggproto lacp laggport igb0 lacp_fast_timeout laggport igb1 up");
    const text = await ifconfigText(machine, "lagg0", true);
    expect(text).toContain("\t\tflags=94<USE_NUMA,LACP_STRICT,LACP_FAST_TIMO>\n");
    expect(text).toContain("laggport: igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3f<");
    expect(text).toContain("laggport: igb1 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3d<");
  });

  test("ports of different speeds: only the faster aggregator is ACTIVE", async () => {
    const machine = freshMachine({ interfaces: ["igb0", "ix0", "ix1"] });
    await runAll(machine, "ifconfig igb0 up", "ifconfig ix0 up", "ifconfig lagg0 create laggproto lacp laggport igb0 laggport ix0 up");
    expect(await portLines(machine, "lagg0")).toEqual([
      "igb0 flags=18<COLLECTING,DISTRIBUTING>", "ix0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>",
    ]);
  });

  test("a lagg that is down negotiates nothing", async () => {
    const machine = freshMachine();
    await runAll(machine, ...LACP, "ifconfig lagg0 down");
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=0<>", "igb1 flags=0<>"]);
    expect(await ifconfigText(machine, "lagg0", true)).toContain("state=85<ACTIVITY,AGGREGATION,EXPIRED>");
  });
});

describe("up/down is not propagated", () => {
  test("lagg up leaves its ports down; lagg down leaves them up", async () => {
    const machine = freshMachine();
    await runAll(machine, "ifconfig lagg0 create laggport igb0 up");
    expect(machine.kernel.get("igb0").flags & 1).toBe(0);
    await runAll(machine, "ifconfig igb0 up", "ifconfig lagg0 down");
    expect(machine.kernel.get("igb0").flags & 1).toBe(1);
    expect((await run(machine, "ifconfig -l -d")).stdout).toContain("lagg0");
  });
});
