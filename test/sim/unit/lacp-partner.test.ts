// What `ifconfig -v` shows for LACP ports without a partner (switch side not an LACP port-channel) or
// without link, strict and not (sys/net/ieee8023ad_lacp.c; kernel/lacp.ts lacpPortPhase).
import { freshMachine, ifconfigText, runAll } from "./helpers";

const ADMIN_PARTNER = "(FFFF,00-00-00-00-00-00,0000,FFFF,0000)";

/** The `laggport: PORT ...` line and its partner tuple (second line of the peer) from `ifconfig -v`. */
async function portView(osRelease: string, strict: boolean, port: { link?: boolean; lacpPartner?: boolean }) {
  const machine = freshMachine({ osRelease, interfaces: [{ name: "igb0", ...port }, "ix1"] });
  await runAll(machine, "ifconfig igb0 up", `ifconfig lagg0 create laggproto lacp ${strict ? "" : "-lacp_strict"} laggport igb0 up`);
  const text = await ifconfigText(machine, "lagg0", true);
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith("\tlaggport: igb0 "));
  return {
    line: lines[at].slice("\tlaggport: igb0 ".length),
    partner: lines[at + 2].trim().replace(/\]$/, ""),
    status: text.match(/\tstatus: (.*)/)?.[1],
    activePorts: text.match(/active ports: (\d+)/)?.[1],
  };
}

describe("a port whose switch side does not speak LACP", () => {
  test.each([
    ["14.1-RELEASE", true],
    ["14.1-RELEASE", false],
    ["13.3-RELEASE", false],
    ["13.3-RELEASE", true],
    ["12.4-RELEASE", true],
    // 12-era ieee8023ad_lacp.c already has lacp_select's DEFAULTED check: non-strict is not used either.
    ["12.4-RELEASE", false],
  ])("on %s with lacp_strict=%s it is DEFAULTED and not used", async (release, strict) => {
    const view = await portView(release, strict, { lacpPartner: false });
    expect(view.line).toBe("flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>");
    expect(view.partner).toBe(ADMIN_PARTNER);
    expect(view.activePorts).toBe("0");
  });

  test("on 10.4 (no DEFAULTED check in lacp_select) with lacp_strict off it distributes with the optimistic admin partner: active, yet DEFAULTED", async () => {
    const view = await portView("10.4-RELEASE", false, { lacpPartner: false });
    expect(view.line).toBe("flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=7d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING,DEFAULTED>");
    expect(view.partner).toBe(ADMIN_PARTNER);
    expect(view.activePorts).toBe("1");
  });
});

test("13.x, lacp_strict off and fast timeout, no partner: TIMEOUT shows in the actor state, still DEFAULTED and unused", async () => {
  // if_lagg.c LAGG_OPT_LACP_FAST_TIMO sets LACP_STATE_TIMEOUT on the ports it finds (lacp_port_create starts a
  // later port at ACTIVITY only), so the option comes after the port here; lacp_select still skips DEFAULTED.
  const machine = freshMachine({ osRelease: "13.3-RELEASE", interfaces: [{ name: "igb0", lacpPartner: false }, "ix1"] });
  await runAll(machine, "ifconfig igb0 up", "ifconfig lagg0 create laggproto lacp -lacp_strict laggport igb0 up", "ifconfig lagg0 lacp_fast_timeout");
  const text = await ifconfigText(machine, "lagg0", true);
  expect(text).toContain("\tlaggport: igb0 flags=0<> state=47<ACTIVITY,TIMEOUT,AGGREGATION,DEFAULTED>");
  expect(text).toMatch(/active ports: 0/);
});

describe("a port without link is never active", () => {
  test.each([["14.1-RELEASE", true], ["14.1-RELEASE", false], ["10.4-RELEASE", false]])("%s lacp_strict=%s", async (release, strict) => {
    const view = await portView(release, strict, { link: false });
    expect(view.line).toBe("flags=0<> state=41<ACTIVITY,DEFAULTED>");
    expect(view.partner).toBe(ADMIN_PARTNER);
    expect(view.status).toBe("no carrier");
  });
});

test("a port with a partner shows the switch as partner and no DEFAULTED", async () => {
  const view = await portView("14.1-RELEASE", true, {});
  expect(view.line).toBe("flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING>");
  expect(view.partner).toMatch(/^\(8000,00-1C-73-5E-00-[0-9A-F]{2},01[0-9A-F]{2},8000,01[0-9A-F]{2}\)$/);
});

test("on 10.4, real and optimistic partners form two aggregators; the real switch's wins", async () => {
  const machine = freshMachine({ osRelease: "10.4-RELEASE", interfaces: ["igb0", { name: "igb1", lacpPartner: false }, "ix1"] });
  await runAll(machine, "ifconfig igb0 up", "ifconfig igb1 up",
    "ifconfig lagg0 create laggproto lacp -lacp_strict laggport igb0 laggport igb1 up");
  const text = await ifconfigText(machine, "lagg0", true);
  expect(text).toContain("laggport: igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>");
  expect(text).toContain("laggport: igb1 flags=18<COLLECTING,DISTRIBUTING>");
  expect(text).toMatch(/lag id: \[\(8000,[^)]*\),\n\t\t \(8000,00-1C-73-5E/);
});
