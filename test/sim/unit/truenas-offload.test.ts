// Facts 13 and 18: "Disable Hardware Offloading" as the real middleware does it (network.py do_create /
// do_update, interface/capabilities_freebsd.py, interface/lag.py lag_setup, TN-13.3-U1.2).
import { run } from "./helpers";
import { callOk, disposeMachines, enabledCaps, LAGG, midclt, nas, tracebackOf } from "./truenas-helpers";

afterEach(disposeMachines);

const OFFLOAD = ["RXCSUM", "TXCSUM", "TSO4", "LRO"];
const WITH_ADDRESS = { ...LAGG, aliases: [{ type: "INET", address: "10.0.0.5", netmask: 24 }] };

describe("fact 13: disable_offload_capabilities on create", () => {
  test("create fails after its DB write with netif.get_interface's KeyError; the row stays pending until rollback", async () => {
    const machine = nas();
    const result = await midclt(machine, "interface.create", { ...WITH_ADDRESS, disable_offload_capabilities: true });
    expect([result.stdout, result.exitCode]).toEqual(["", 1]);
    expect(tracebackOf(result.stderr, "'lagg0'", "KeyError")).toBe(true);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(true);
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]], { get: true }))
      .toMatchObject({ fake: true, disable_offload_capabilities: true, lag_ports: ["igb0", "igb1"] });
    await callOk(machine, "interface.rollback");
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]])).toEqual([]);
  });

  test("committing that row: lag_setup disables before adding ports, so offload is on until the next sync of the existing lagg", async () => {
    const machine = nas();
    await midclt(machine, "interface.create", { ...WITH_ADDRESS, disable_offload_capabilities: true });
    await callOk(machine, "interface.commit", { rollback: false });
    expect(await enabledCaps(machine, "lagg0")).toEqual(expect.arrayContaining(OFFLOAD));
    await callOk(machine, "interface.update", "lagg0", { description: "again" });
    await callOk(machine, "interface.commit", { rollback: false });
    expect(await enabledCaps(machine, "lagg0")).not.toEqual(expect.arrayContaining(["RXCSUM"]));
    for (const name of ["lagg0", "igb0", "igb1"]) {
      expect((await enabledCaps(machine, name)).filter((c) => OFFLOAD.includes(c))).toEqual([]);
    }
  });

  test("update on a lagg the kernel has works at once (the lagg forwards to its ports); a reboot re-creates it with offload on", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", WITH_ADDRESS);
    await callOk(machine, "interface.commit", { rollback: false });
    await callOk(machine, "interface.update", "lagg0", { disable_offload_capabilities: true });
    expect((await enabledCaps(machine, "igb0")).filter((c) => OFFLOAD.includes(c))).toEqual([]);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(true);
    await callOk(machine, "interface.commit", { rollback: false });
    await run(machine, "reboot");
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]], { get: true })).toMatchObject({ disable_offload_capabilities: true });
    expect(await enabledCaps(machine, "lagg0")).toEqual(expect.arrayContaining(OFFLOAD));
  });

  test("update before the first commit fails the same way (KeyError), leaving the change pending", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", WITH_ADDRESS);
    const result = await midclt(machine, "interface.update", "lagg0", { disable_offload_capabilities: true });
    expect(result.exitCode).toBe(1);
    expect(tracebackOf(result.stderr, "'lagg0'", "KeyError")).toBe(true);
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]], { get: true })).toMatchObject({ disable_offload_capabilities: true });
  });
});

test("the member NICs' own rows with disable_offload_capabilities: sync disables them before lag_setup, so offload is off after the first commit and after a reboot", async () => {
  const machine = nas();
  for (const port of ["igb0", "igb1"]) await callOk(machine, "interface.update", port, { disable_offload_capabilities: true });
  await callOk(machine, "interface.create", WITH_ADDRESS);
  await callOk(machine, "interface.commit", { rollback: false });
  expect((await enabledCaps(machine, "lagg0")).filter((c) => OFFLOAD.includes(c))).toEqual([]);
  await run(machine, "reboot");
  expect((await enabledCaps(machine, "lagg0")).filter((c) => OFFLOAD.includes(c))).toEqual([]);
});

describe("fact 18: turning offload back on", () => {
  test("enables every capability the ports support, before any commit; rollback's sync only re-disables the offload list", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", WITH_ADDRESS);
    await callOk(machine, "interface.commit", { rollback: false });
    const atBoot = machine.kernel.get("igb0").capenable;
    await callOk(machine, "interface.update", "lagg0", { disable_offload_capabilities: true });
    await callOk(machine, "interface.commit", { rollback: false });
    await callOk(machine, "interface.update", "lagg0", { disable_offload_capabilities: false });
    const port = machine.kernel.get("igb0");
    expect(await enabledCaps(machine, "lagg0")).toEqual(expect.arrayContaining(OFFLOAD));
    // More than was on at boot: nic_capabilities() is every InterfaceCapability, not the boot set.
    expect(port.capenable & ~atBoot).not.toBe(0);
    const extra = port.capenable & ~atBoot;
    // The restored row says disable again, so lag_setup turns the offload list off; the rest stays on.
    await callOk(machine, "interface.rollback");
    expect(machine.kernel.get("igb0").capenable & extra).toBe(extra);
    expect((await enabledCaps(machine, "igb0")).filter((c) => OFFLOAD.includes(c))).toEqual([]);
    expect(machine.middleware!.log.some((l) => l.startsWith("Failed to set capabilities for lagg0 at once"))).toBe(true);
  });

  test("an explicit false on a NIC without a DB row enables everything too (None != False)", async () => {
    const machine = nas();
    const before = machine.kernel.get("em1").capenable;
    await callOk(machine, "interface.update", "em1", { disable_offload_capabilities: false });
    expect(machine.kernel.get("em1").capenable & ~before).not.toBe(0);
  });
});
