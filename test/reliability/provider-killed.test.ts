// The provider host killed mid-operation, then the run started again (issue 17), through the engine-less
// driver: SIGKILL to the dynamic-provider process the moment the host reports lagg0's first change. The
// host script goes on without its client and ends fully new or fully old; the next `up` either converges or
// refuses naming `adopt` (the engine has no record of a create that never returned, as the Pulumi CLI
// drops such pending creates); with adopt the lagg is managed again, refresh and up agree with the host,
// and destroy leaves nothing behind.
import * as fs from "node:fs";
import { startSimHost } from "../sim";
import { createSimMachine, type TestSimMachine } from "../sim/machine";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost } from "../e2e/harness";
import { sameAsPristine, snapshot } from "./fault-cells";

jest.setTimeout(240_000);

let sim: SimHost;
let machine: TestSimMachine;
let stack: E2EStack;

beforeAll(async () => {
  machine = createSimMachine({});
  sim = await startSimHost({ machine });
  stack = new E2EStack(sim);
});
afterAll(async () => {
  stack?.cleanup();
  await sim?.stop();
});

/** Pids of this process's children running the dynamic-provider host (what the driver spawns per operation). */
function providerHosts(): number[] {
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      return ppid === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider");
    } catch {
      return false;
    }
  });
}

/** Waits for `condition` (polling the simulated host), failing after `limitMs`: a guard, not a timing check. */
async function until(condition: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + limitMs; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, description: "uplink", addresses: ["198.51.100.10/24"] };

test.each(["create", "update"] as const)("%s: the provider host killed at lagg0's first change; the run started again converges", async (operation) => {
  const pristine = await snapshot(sim);
  if (operation === "update") expect((await stack.up({ uplink: { ...lagg, mtu: 1500 } })).errors).toEqual([]);
  const before = await snapshot(sim);
  // The script keeps running on the host after its client died; slow it so the kill lands mid-change.
  let killed: number[] = [];
  const onChange = (record: { interface?: string; target?: string }) => {
    if (killed.length || JSON.stringify(record).indexOf("lagg0") < 0) return;
    machine.faults.slowCommand("sysrc", 200, { times: 3 });
    killed = providerHosts();
    for (const pid of killed) process.kill(pid, "SIGKILL");
  };
  machine.on("change", onChange);
  const interrupted = await stack.up({ uplink: lagg });
  machine.off("change", onChange);
  expect(killed.length).toBeGreaterThan(0);
  expect(interrupted.errors.length).toBeGreaterThan(0);
  // The orphaned script finishes on its own: wait until the host is either as before or fully new.
  const fullyNew = async () => (await onHost(sim, "sysrc", "-n", "ifconfig_lagg0_descr")).stdout === "uplink\n" && (await onHost(sim, "ifconfig", "lagg0")).stdout.includes("mtu 9000");
  await until(async () => JSON.stringify(await snapshot(sim)) === JSON.stringify(before) || (await fullyNew()));

  // The run started again: refresh, then up (with adopt when the create was never recorded and the
  // provider refuses to take over an unrecorded lagg, naming adopt as it must).
  expect((await stack.refresh()).errors).toEqual([]);
  let again = await stack.up({ uplink: lagg });
  if (again.errors.length) {
    expect(again.errors.map((e) => e.message).join("\n")).toMatch(/lagg0 already exists[\s\S]*adopt/);
    again = await stack.up({ uplink: { ...lagg, adopt: true } });
  }
  expect(again.errors).toEqual([]);
  expect(await fullyNew()).toBe(true);
  expect((await stack.refresh()).errors).toEqual([]);
  const settled = await stack.preview({ uplink: { ...lagg, adopt: true } });
  expect(settled.steps.filter((s) => s.op !== "same" && s.op !== "update")).toEqual([]);
  expect((await stack.destroy()).errors).toEqual([]);
  const end = await snapshot(sim);
  if (operation === "create") {
    // Known limit (reported): the killed create never recorded the ports' prior state, so the adopted lagg's
    // destroy cannot give igb0 and igb1 back their down state and MTU 1500. Everything else must be back.
    const ports = /^(igb0|igb1): flags=.*$/gm;
    const strip = (t: string) => t.replace(ports, "$1").replace(/^\tstatus: .*$/gm, "").replace(/^\tmedia: .*$/gm, "");
    expect(sameAsPristine({ ...end, ifconfig: strip(end.ifconfig) }, { ...pristine, ifconfig: strip(pristine.ifconfig) })).toBe(true);
    expect(end.ifconfig).toMatch(/^igb0: flags=\S*<UP,.* mtu 9000$/m);
  } else {
    expect(sameAsPristine(end, pristine) ? "pristine" : end).toBe("pristine");
  }
});
