// A lagg port's own row in the middleware (issue 12 on TrueNAS), as truenas/middleware
// src/middlewared/middlewared/plugins/network.py (TN-13.0-U6.8 and TN-13.3-U1.2, the same there; lines of TN-13.3-U1.2) treats it:
// __set_lag_ports (1450) clears it, __validate_aliases (1323) and _common_validation (1078) judge the
// lagg against it, delete_network_interface (1720) deletes it with the lagg, do_update (1511) creates it
// again, and sync (1927) configures rows before it destroys laggs no longer in the database.
import { parseIfconfig } from "../../../provider/ifconfig/parse";
import type { TestSimMachine } from "../machine";
import { run } from "./helpers";
import { callOk, disposeMachines, LAGG, midclt, nas } from "./truenas-helpers";

afterEach(disposeMachines);

/** The NIC's own row as interface.query shows it, or undefined without one (description null). */
async function ownRow(machine: TestSimMachine, name: string) {
  return ((await callOk(machine, "interface.query", [["id", "=", name], ["description", "!=", null]])) as Record<string, unknown>[])[0];
}

async function live(machine: TestSimMachine, name: string) {
  const i = parseIfconfig((await run(machine, `ifconfig ${name}`)).stdout)[0];
  return { inet: i?.inet.map((a) => `${a.address}/${a.prefixLength}`), mtu: i?.mtu };
}

const OWN = { description: "storage", options: "-lro", mtu: 9000, aliases: [{ type: "INET", address: "10.9.0.3", netmask: 24 }] };

describe("__set_lag_ports: a member's own row", () => {
  test.each([
    ["interface.create", async (m: TestSimMachine) => callOk(m, "interface.create", LAGG)],
    ["interface.update with lag_ports", async (m: TestSimMachine) => {
      await callOk(m, "interface.create", { ...LAGG, lag_ports: ["igb1"] });
      return callOk(m, "interface.update", "lagg0", { lag_ports: ["igb0", "igb1"] });
    }],
  ])("%s clears its addresses, DHCP, autoconf and MTU; keeps description and options", async (_how, join) => {
    const machine = nas();
    await callOk(machine, "interface.update", "igb0", { ...OWN, ipv6_auto: true });
    await join(machine);
    expect(await ownRow(machine, "igb0")).toMatchObject({ description: "storage", options: "-lro", mtu: null, aliases: [], ipv4_dhcp: false, ipv6_auto: false });
  });
});

describe("the lagg's validation sees the joining ports' rows (it runs before __set_lag_ports)", () => {
  test("an address in a network a port's row holds is refused; cleared first in the same pending change, it is accepted", async () => {
    const machine = nas();
    await callOk(machine, "interface.update", "igb0", OWN);
    await callOk(machine, "interface.commit", { rollback: false });
    const lagg = { ...LAGG, aliases: [{ type: "INET", address: "10.9.0.3", netmask: 24 }] };
    const refused = await midclt(machine, "interface.create", lagg);
    expect(refused.stderr).toContain("[EINVAL] interface_create.aliases.0: The network 10.9.0.0/24 is already in use by another interface.");
    await callOk(machine, "interface.update", "igb0", { aliases: [], ipv4_dhcp: false, ipv6_auto: false });
    await callOk(machine, "interface.create", lagg);
    await callOk(machine, "interface.commit", { rollback: false });
    expect([(await live(machine, "igb0")).inet, (await live(machine, "lagg0")).inet]).toEqual([[], ["10.9.0.3/24"]]);
  });

  test("DHCP on the lagg while a port's row has DHCP: 'Only one interface can be used for DHCP.'", async () => {
    const machine = nas();
    await callOk(machine, "interface.update", "igb0", { ipv4_dhcp: true });
    const refused = await midclt(machine, "interface.create", { ...LAGG, ipv4_dhcp: true });
    expect(refused.stderr).toContain("[EINVAL] interface_create.ipv4_dhcp: Only one interface can be used for DHCP.");
  });
});

describe("a port leaving: its row written back", () => {
  test("update: only after the lagg no longer lists it ('Interface in use by lagg0' before)", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", LAGG);
    const early = await midclt(machine, "interface.update", "igb0", { ipv4_dhcp: true });
    expect(early.stderr).toContain("[EINVAL] interface_update.ipv4_dhcp: Interface in use by lagg0. DHCP cannot be changed.");
    await callOk(machine, "interface.update", "lagg0", { lag_ports: ["igb1"] });
    await callOk(machine, "interface.update", "igb0", { ipv4_dhcp: true });
    expect(await ownRow(machine, "igb0")).toMatchObject({ ipv4_dhcp: true });
  });

  test("delete takes the members' rows; do_update creates one again; its MTU is the lagg's until the next sync", async () => {
    const machine = nas();
    await callOk(machine, "interface.update", "igb0", OWN);
    await callOk(machine, "interface.create", LAGG);
    await callOk(machine, "interface.commit", { rollback: false });
    expect((await live(machine, "igb0")).mtu).toBe(1500);
    expect((await midclt(machine, "interface.delete", "lagg0")).exitCode).toBe(0);
    expect(await ownRow(machine, "igb0")).toBeUndefined();
    await callOk(machine, "interface.update", "igb0", OWN);
    await callOk(machine, "interface.commit", { rollback: false });
    // configure() ran while igb0 was still a port of lagg0 (destroyed later in the same sync): the MTU
    // failed (logged), the address did not.
    expect(machine.kernel.find("lagg0")).toBeUndefined();
    expect(await live(machine, "igb0")).toEqual({ inet: ["10.9.0.3/24"], mtu: 1500 });
    await callOk(machine, "interface.sync");
    expect((await live(machine, "igb0")).mtu).toBe(9000);
  });
});
