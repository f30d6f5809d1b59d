// faults.rebootAtPoint: a power loss at a chosen crash point (a command's end, or one rc.conf write of
// sysrc, which rewrites the file once per variable), followed by the boot reboot(8) does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimMachine, type TestSimMachine } from "../machine";
import { ifconfigText, run, runAll } from "./helpers";

const rebooted = (m: TestSimMachine) => m.records.changes.some((c) => c.what === "reboot");

describe("faults.rebootAtPoint", () => {
  test.each([
    // One sysrc call, two variables: each is its own rewrite of rc.conf (f_sysrc_set per name).
    [1, { ifconfig_igb0: "up" }],
    [2, { ifconfig_igb0: "up", ifconfig_igb1: "up" }],
  ])("a reboot at point %p of `sysrc ifconfig_igb0=up ifconfig_igb1=up` keeps the variables written before it", async (point, kept) => {
    const m = createSimMachine({});
    m.faults.rebootAtPoint(point);
    const r = await run(m, "sysrc ifconfig_igb0=up ifconfig_igb1=up");
    expect(rebooted(m)).toBe(true);
    if (point === 1) expect(r.exitCode).toBe(137);
    const vars = Object.fromEntries([...m.rcConf.toMap()].filter(([k]) => k.startsWith("ifconfig_igb")));
    expect(vars).toEqual(kept);
  });

  test("a command that writes nothing is one point: the reboot comes after it, and boot forgets its live change", async () => {
    const m = createSimMachine({});
    m.faults.rebootAtPoint(2);
    await runAll(m, "ifconfig igb0 mtu 9000");
    expect(rebooted(m)).toBe(false);
    await runAll(m, "ifconfig igb1 mtu 9000");
    expect(rebooted(m)).toBe(true);
    expect(await ifconfigText(m, "igb0")).toMatch(/mtu 1500/);
    expect(await ifconfigText(m, "igb1")).toMatch(/mtu 1500/);
  });

  test("crashPoints counts the points of a fault-free run; the fault fires once", async () => {
    const m = createSimMachine({});
    m.faults.resetCrashPoints();
    await runAll(m, "ifconfig igb0 up", "sysrc a=1 b=2 c=3", "sysrc -n a");
    expect(m.faults.crashPoints).toBe(5);
    m.faults.rebootAtPoint(1);
    await runAll(m, "ifconfig igb0 up");
    await runAll(m, "ifconfig igb0 up", "ifconfig igb0 up");
    expect(m.records.changes.filter((c) => c.what === "reboot")).toHaveLength(1);
  });

  test("with a root directory each write replaces rc.conf whole (temporary file, then rename)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lagg-rcconf-"));
    try {
      const m = createSimMachine({});
      m.attachRoot(dir);
      m.faults.rebootAtPoint(2);
      await run(m, "sysrc -f /etc/rc.conf.new ifconfig_igb0=up ifconfig_igb1=up ifconfig_igb2=up");
      // The copy holds the first two; rc.conf itself is untouched, the reboot booted from it.
      expect(m.rcConf.toMap(["/etc/rc.conf.new"])).toEqual(new Map([["ifconfig_igb0", "up"], ["ifconfig_igb1", "up"]]));
      expect(m.rcConf.get("ifconfig_igb0")).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
