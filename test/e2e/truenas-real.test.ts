// TrueNAS CORE as the real middleware behaves (issue 8): the first lagg on a fresh install (no lockout),
// offload, failures that leave nothing pending, the 16-port limit. Checked over the simulated middleware:
// interface.has_pending_changes, interface.query, ifconfig.
import * as fs from "node:fs";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost } from "./harness";

/** lag_setup's 2 s link polls shrunk to 1 ms. */
const FAST = { linkPollMs: 1 };
const errorsOf = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message).join("\n");
const pending = async (sim: SimHost) => (await onHost(sim, "midclt", "call", "interface.has_pending_changes")).stdout.trim();
async function row(sim: SimHost, name: string): Promise<Record<string, any> | undefined> {
  const r = await onHost(sim, "midclt", "call", "interface.query", JSON.stringify([["id", "=", name], ["description", "!=", null]]));
  return (JSON.parse(r.stdout) as Record<string, any>[])[0];
}
const inet = async (sim: SimHost, name: string) => (await onHost(sim, "ifconfig", name)).stdout.match(/inet (\d+\.\d+\.\d+\.\d+)/)?.[1];

const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["10.0.0.5/24"], confirmTimeout: 20 };

describe("TrueNAS CORE fresh install: the first lagg never locks the box out", () => {
  let sim: SimHost;
  let stack: E2EStack;
  beforeEach(async () => {
    sim = await startSimHost({ truenas: true, freshInstall: true, truenasTiming: FAST });
    stack = new E2EStack(sim);
  });
  afterEach(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test("without consent the create is refused in preflight, saying what to do; nothing is written", async () => {
    const lease = await inet(sim, "em0");
    const r = await stack.up({ uplink: lagg });
    expect(errorsOf(r)).toMatch(/nothing was changed[\s\S]*arrives on 198\.51\.100\.\d+ via em0, which has no row in the TrueNAS interface database[\s\S]*truenasKeepManagementInterface: true/);
    expect(await pending(sim)).toBe("False");
    expect(await row(sim, "lagg0")).toBeUndefined();
    expect(await row(sim, "em0")).toBeUndefined();
    expect(await inet(sim, "em0")).toBe(lease);
  });

  test("with truenasKeepManagementInterface em0 is recorded on DHCP: the session survives the commit", async () => {
    const lease = await inet(sim, "em0");
    const r = await stack.up({ uplink: { ...lagg, truenasKeepManagementInterface: true } });
    expect(errorsOf(r)).toBe("");
    expect(await row(sim, "em0")).toMatchObject({ ipv4_dhcp: true });
    expect(await row(sim, "lagg0")).toMatchObject({ lag_protocol: "LACP", lag_ports: ["igb0", "igb1"] });
    expect(await pending(sim)).toBe("False");
    expect(await inet(sim, "em0")).toBe(lease);
    expect(await inet(sim, "lagg0")).toBe("10.0.0.5");
    // A later run over a fresh session still reaches the host, and the lagg survives a reboot.
    expect(errorsOf(await stack.refresh())).toBe("");
    expect(stack.outputs("uplink").persisted).toMatchObject({ mode: "truenas", inSync: true });
    expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
    expect([await inet(sim, "em0"), await inet(sim, "lagg0")]).toEqual([lease, "10.0.0.5"]);
  });
});

describe("TrueNAS CORE: refusals and failures leave nothing pending", () => {
  let sim: SimHost;
  let stack: E2EStack;
  beforeAll(async () => {
    sim = await startSimHost({ truenas: true, truenasTiming: FAST });
    stack = new E2EStack(sim);
  });
  afterAll(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  test("17 ports with persist \"truenas\" are refused in check", async () => {
    const ports = Array.from({ length: 17 }, (_, i) => `igb${i}`);
    const r = await stack.preview({ uplink: { ...lagg, ports, persist: "truenas" } });
    expect(errorsOf(r)).toMatch(/property ports .*TrueNAS holds at most 16 ports per lagg.*got 17/);
  });

  test("disableHardwareOffload is refused with the reason: in check (truenas) and in preflight (auto)", async () => {
    const checked = await stack.preview({ uplink: { ...lagg, disableHardwareOffload: true, persist: "truenas" } });
    expect(errorsOf(checked)).toMatch(/property disableHardwareOffload .*interface\.create fails after its database write[\s\S]*each member NIC/);
    const r = await stack.up({ uplink: { ...lagg, disableHardwareOffload: true } });
    expect(errorsOf(r)).toMatch(/nothing was changed[\s\S]*TrueNAS cannot keep offload off on the lagg itself/);
    expect(await pending(sim)).toBe("False");
    expect(await row(sim, "lagg0")).toBeUndefined();
  });

  test("a lag_setup failure (a port another lagg holds) fails the commit with the middleware's OSError; nothing pending", async () => {
    // A kernel-only lagg5 holds igb2; the middleware does not know it, so validation passes and lag_setup fails.
    expect(await onHost(sim, "ifconfig", "lagg5", "create", "laggproto", "failover", "laggport", "igb2")).toMatchObject({ exitCode: 0 });
    const r = await stack.up({ uplink: { ...lagg, ports: ["igb2", "igb3"] } });
    expect(errorsOf(r)).toMatch(/OSError: \[Errno 16\] Device busy/);
    expect(errorsOf(r)).not.toMatch(/Traceback|File "/);
    expect(await pending(sim)).toBe("False");
    expect(await row(sim, "lagg0")).toBeUndefined();
    await onHost(sim, "ifconfig", "lagg5", "destroy");
    // The next run is not refused.
    expect(errorsOf(await stack.up({ uplink: lagg }))).toBe("");
    expect(await pending(sim)).toBe("False");
  });
});

describe("TrueNAS CORE: persist \"auto\" delete of a lagg whose state has no recorded mode (old state)", () => {
  test("finds the middleware and deletes the row, so the lagg does not come back at boot", async () => {
    const sim = await startSimHost({ truenas: true, truenasTiming: FAST });
    const stack = new E2EStack(sim);
    try {
      expect(errorsOf(await stack.up({ uplink: lagg }))).toBe("");
      // State written before persisted.mode existed.
      const file = `${stack.dir}/state.json`;
      const state = JSON.parse(fs.readFileSync(file, "utf8"));
      for (const r of state.resources) if (String(r.urn).endsWith("::uplink")) delete r.outputs.persisted;
      fs.writeFileSync(file, JSON.stringify(state));
      expect(errorsOf(await stack.destroy())).toBe("");
      expect(await row(sim, "lagg0")).toBeUndefined();
      expect(await pending(sim)).toBe("False");
      expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
      expect((await onHost(sim, "ifconfig", "lagg0")).exitCode).not.toBe(0);
    } finally {
      stack.cleanup();
      await sim.stop();
    }
  });
});

describe("TrueNAS CORE: a commit slower than midclt's call timeout", () => {
  test("the script waits for the running commit (never rolls back over it), then verifies and checks in", async () => {
    // No port has link: lag_setup polls the lagg 5 times (10 s real, 5 x 50 ms here) while midclt's 60 s
    // call timeout lasts 60 ms: midclt prints `Call timeout` while the commit still runs.
    const sim = await startSimHost({
      truenas: true, interfaces: ["em0", { name: "igb0", link: false }, { name: "igb1", link: false }, "igb2"], truenasTiming: { linkPollMs: 50, midcltSecondMs: 1 },
    });
    const stack = new E2EStack(sim);
    try {
      const r = await stack.up({ uplink: { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], addresses: ["10.0.0.5/24"] } });
      expect(errorsOf(r)).toBe("");
      // midclt gave up on the commit, and the script then polled the middleware until the commit finished.
      const midclt = sim.machine.records.commands.filter((c) => c.command === "midclt").map((c) => ({ method: c.argv[1], stderr: c.stderr }));
      expect(midclt.find((c) => c.method === "interface.commit")?.stderr).toBe("Call timeout\n");
      expect(midclt.map((c) => c.method)).toContain("interface.checkin_waiting");
      expect(midclt.map((c) => c.method)).not.toContain("interface.rollback");
      expect(await row(sim, "lagg0")).toMatchObject({ lag_protocol: "FAILOVER", lag_ports: ["igb0", "igb1"] });
      expect(await pending(sim)).toBe("False");
      expect(await inet(sim, "lagg0")).toBe("10.0.0.5");
    } finally {
      stack.cleanup();
      await sim.stop();
    }
  });
});

describe("TrueNAS CORE: adopting a kernel-only lagg whose failover primary is not the alphabetically first port", () => {
  test("adopt: true records it in the middleware with the first port as primary; asking for the other primary is refused", async () => {
    const sim = await startSimHost({ truenas: true, truenasTiming: FAST });
    const stack = new E2EStack(sim);
    try {
      // Made by hand (not in the middleware's database): ix1 joined first, so it is the primary.
      expect(await onHost(sim, "ifconfig", "lagg1", "create", "laggproto", "failover", "laggport", "ix1", "laggport", "ix0")).toMatchObject({ exitCode: 0 });
      const adopted = { name: "lagg1", protocol: "failover", addresses: ["10.0.3.5/24"], adopt: true };
      const refused = await stack.up({ backup: { ...adopted, ports: ["ix1", "ix0"] } });
      expect(errorsOf(refused)).toMatch(/nothing was changed[\s\S]*ix1 cannot be the primary; list ix0 first/);
      expect(await pending(sim)).toBe("False");
      expect(errorsOf(await stack.up({ backup: { ...adopted, ports: ["ix0", "ix1"] } }))).toBe("");
      expect(await row(sim, "lagg1")).toMatchObject({ lag_protocol: "FAILOVER", lag_ports: ["ix0", "ix1"] });
      const shown = (await onHost(sim, "ifconfig", "lagg1")).stdout;
      expect(shown).toMatch(/laggport: ix0 flags=\S*<MASTER/);
      expect(await pending(sim)).toBe("False");
      expect(stack.outputs("backup").persisted).toMatchObject({ mode: "truenas", inSync: true });
    } finally {
      stack.cleanup();
      await sim.stop();
    }
  });
});
