// Facts 16, 17, 19 and 20: what interface.commit does when lag_setup fails, with more than 16 ports, with
// ipv6_auto, and when it is slow (network.py commit/sync, interface/lag.py, interface/configure.py,
// client/client.py; TN-13.3-U1.2).
import type { TestSimMachine } from "../machine";
import { run } from "./helpers";
import { callOk, disposeMachines, LAGG, midclt, nas, tracebackOf } from "./truenas-helpers";

afterEach(disposeMachines);

const WITH_ADDRESS = { ...LAGG, aliases: [{ type: "INET", address: "10.0.0.5", netmask: 24 }] };

describe("fact 16: lag_setup failures fail the commit; configure() failures are only logged", () => {
  test("a port another (kernel-only) lagg holds: OSError EBUSY, the commit fails and rolls back", async () => {
    const machine = nas();
    await run(machine, "ifconfig lagg5 create laggport igb1");
    await callOk(machine, "interface.create", WITH_ADDRESS);
    const result = await midclt(machine, "interface.commit");
    expect([result.stdout, result.exitCode]).toEqual(["", 1]);
    expect(tracebackOf(result.stderr, "[Errno 16] Device busy", "OSError")).toBe(true);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]])).toEqual([]);
    // The rollback's sync destroyed both laggs: neither has a row.
    expect([machine.kernel.find("lagg0"), machine.kernel.find("lagg5")]).toEqual([undefined, undefined]);
  });

  test("with rollback: false the failed commit leaves the DB as it was written (still pending)", async () => {
    const machine = nas();
    await run(machine, "ifconfig lagg5 create laggport igb1");
    await callOk(machine, "interface.create", WITH_ADDRESS);
    expect((await midclt(machine, "interface.commit", { rollback: false })).exitCode).toBe(1);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(true);
    expect(machine.kernel.get("lagg0").lagg?.ports.map((p) => p.name)).toEqual(["igb0"]);
  });

  test("an MTU a port refuses and a bad options word are logged; the commit succeeds", async () => {
    const machine = nas({ interfaces: ["em0", { name: "igb0", maxMtu: 1500 }, "igb1"] });
    await callOk(machine, "interface.create", { ...WITH_ADDRESS, mtu: 9000, options: "bogusword" });
    expect(await midclt(machine, "interface.commit", { rollback: false })).toMatchObject({ stdout: "null\n", exitCode: 0 });
    expect(machine.kernel.get("lagg0").mtu).toBe(1500);
    expect(machine.middleware!.log.some((l) => l.includes("mtu 9000"))).toBe(true);
  });
});

describe("fact 17: at most 16 lagg ports", () => {
  const PORTS = Array.from({ length: 17 }, (_, i) => `igb${i}`);

  test("17 ports commit once (the 17th, unseen by py-netif, is brought down); every later commit fails with EEXIST", async () => {
    const machine = nas({ interfaces: ["em0", ...PORTS] });
    await callOk(machine, "interface.create", { ...WITH_ADDRESS, lag_ports: PORTS });
    await callOk(machine, "interface.commit", { rollback: false });
    const ports = machine.kernel.get("lagg0").lagg!.ports;
    expect(ports).toHaveLength(17);
    expect(ports[16].flags & 1).toBe(0);
    await callOk(machine, "interface.update", "lagg0", { description: "uplink" });
    const result = await midclt(machine, "interface.commit");
    expect(result.exitCode).toBe(1);
    // The rollback's own sync hits the same port: its OSError is the one midclt prints.
    expect(tracebackOf(result.stderr, "[Errno 17] File exists", "OSError")).toBe(true);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]], { get: true })).toMatchObject({ description: "" });
  });
});

describe("fact 19: ipv6_auto", () => {
  test("sets ACCEPT_RTADV and restarts rtsold at each sync; turning it off clears the flag", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", { ...WITH_ADDRESS, ipv6_auto: true });
    await callOk(machine, "interface.commit", { rollback: false });
    expect((await run(machine, "ifconfig lagg0")).stdout).toMatch(/nd6 options=\w+<[^>]*ACCEPT_RTADV/);
    expect(machine.middleware!.rtsoldRestarts).toContain("lagg0");
    await callOk(machine, "interface.update", "lagg0", { ipv6_auto: false });
    await callOk(machine, "interface.commit", { rollback: false });
    expect((await run(machine, "ifconfig lagg0")).stdout).not.toMatch(/ACCEPT_RTADV/);
  });
});

describe("fact 20: a slow commit and midclt's call timeout", () => {
  /** Ports without link: lag_setup polls 5 times (10 s real; 5 × 40 ms here), midclt waits 60 "seconds" of 1 ms. */
  function slowNas(): TestSimMachine {
    return nas({
      interfaces: ["em0", { name: "igb0", link: false }, { name: "igb1", link: false }],
      truenasTiming: { linkPollMs: 40, midcltSecondMs: 1 },
    });
  }

  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  test("midclt gives up with 'Call timeout' (exit 1) while the commit runs on and then arms the checkin timer", async () => {
    const machine = slowNas();
    await callOk(machine, "interface.create", WITH_ADDRESS);
    expect(await midclt(machine, "interface.commit")).toEqual({ stdout: "", stderr: "Call timeout\n", exitCode: 1 });
    expect(await callOk(machine, "interface.checkin_waiting")).toBeNull();
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(true);
    await until(async () => (await callOk(machine, "interface.checkin_waiting")) !== null);
    expect(await callOk(machine, "interface.checkin_waiting")).toBeGreaterThan(0);
    expect(machine.kernel.get("lagg0").inet).toHaveLength(1);
    expect(machine.middleware!.log).toContain("Timed out waiting for 'lagg0' interface link state to become active");
  });

  test.each([
    ["-t 1000", "midclt -t 1000 call interface.commit", {}],
    ["CALL_TIMEOUT=1000", "midclt call interface.commit", { CALL_TIMEOUT: "1000" }],
  ])("a longer client timeout (%s) sees the commit finish", async (_name, line, env) => {
    const machine = slowNas();
    await callOk(machine, "interface.create", WITH_ADDRESS);
    expect(await run(machine, line, env)).toEqual({ stdout: "null\n", stderr: "", exitCode: 0 });
    expect(await callOk(machine, "interface.checkin_waiting")).toBeGreaterThan(0);
  });
});
