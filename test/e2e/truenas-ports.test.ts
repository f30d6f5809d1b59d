// Issue 12 on TrueNAS CORE: a port's own row in the middleware's database (DHCP, a static address, an
// MTU, a description) is recorded before it joins, cleared as the middleware clears it, and written back
// when the port leaves (update or delete; the delete takes member rows with it). The management address
// moves from a port onto the lagg in one commit-confirmed change; a session address nothing would carry
// is refused before anything changes. Each step is followed by a reboot (the middleware replays its DB).
import { parseIfconfig } from "../../provider/ifconfig/parse";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, useSimStack } from "./harness";

jest.setTimeout(240_000);

/** lag_setup's 2 s link polls shrunk to 1 ms. */
const FAST = { linkPollMs: 1 };
const errorsOf = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message).join("\n");
const pending = async (sim: SimHost) => (await onHost(sim, "midclt", "call", "interface.has_pending_changes")).stdout.trim();

/** A NIC's own row (the fields the owner set), or undefined when it has none. */
async function row(sim: SimHost, name: string): Promise<Record<string, unknown> | undefined> {
  const r = await onHost(sim, "midclt", "call", "interface.query", JSON.stringify([["id", "=", name], ["description", "!=", null]]));
  const e = (JSON.parse(r.stdout) as Record<string, unknown>[])[0];
  return e && { description: e.description, aliases: e.aliases, ipv4_dhcp: e.ipv4_dhcp, ipv6_auto: e.ipv6_auto, mtu: e.mtu, options: e.options };
}

/** A NIC's live addresses (no link-local), MTU and up flag. */
async function live(sim: SimHost, name: string) {
  const i = parseIfconfig((await onHost(sim, "ifconfig", name)).stdout)[0];
  const addresses = [...(i?.inet ?? []), ...(i?.inet6 ?? []).filter((a) => !a.address.startsWith("fe80"))].map((a) => `${a.address}/${a.prefixLength}`);
  return { addresses, mtu: i?.mtu, up: i?.flags.includes("UP") };
}

/** Every row and every NIC's live state: what "nothing changed" compares. */
async function everything(sim: SimHost) {
  return {
    rows: (await onHost(sim, "midclt", "call", "interface.query", JSON.stringify([["description", "!=", null]]))).stdout,
    ifconfig: (await onHost(sim, "ifconfig", "-a")).stdout,
  };
}

/** middlewared.log of the simulated TrueNAS machine (the in-process sim's middleware). */
const middlewareLog = (sim: SimHost): string[] => (sim.machine as unknown as { middleware: { log: string[] } }).middleware.log;

async function reboot(sim: SimHost) {
  expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
}

/** Configures NIC rows as an owner would in the UI: update, commit, check in. */
async function configure(sim: SimHost, rows: Record<string, Record<string, unknown>>) {
  for (const [name, data] of Object.entries(rows)) {
    expect(await onHost(sim, "midclt", "call", "interface.update", name, JSON.stringify(data))).toMatchObject({ exitCode: 0 });
  }
  expect(await onHost(sim, "midclt", "call", "interface.commit", JSON.stringify({ rollback: false }))).toMatchObject({ exitCode: 0 });
  expect(await pending(sim)).toBe("False");
}

describe("TrueNAS: ports with their own rows (igb2 on DHCP, igb3 static with MTU and a description)", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]), {
    options: { truenas: true, truenasTiming: FAST },
    prepare: (s) => configure(s, {
      igb2: { ipv4_dhcp: true },
      igb3: { description: "storage", aliases: [{ type: "INET", address: "10.9.0.3", netmask: 24 }], mtu: 9000 },
    }),
  });
  test.each(["truenas", "auto"])("persist %s: create records the rows and clears them; update and delete give them back; each across a reboot", async (persist) => {
    const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb2", "igb3"], addresses: ["10.0.0.5/24"], persist };
    const before = { igb2: await row(sim, "igb2"), igb3: await row(sim, "igb3") };
    const liveBefore = { igb2: await live(sim, "igb2"), igb3: await live(sim, "igb3") };
    expect(liveBefore.igb2.addresses).toHaveLength(1);
    expect(liveBefore.igb3).toEqual({ addresses: ["10.9.0.3/24"], mtu: 9000, up: true });

    const execsBefore = sim.execs.length;
    const created = await stack.up({ uplink: lagg });
    expect(errorsOf(created)).toBe("");
    // One exec: the rows' read, then the change in the same shell (auto: the rc.conf script's exec first).
    expect(sim.execs.length - execsBefore).toBe(persist === "truenas" ? 1 : 2);
    expect(stack.logs.join("\n")).toMatch(/port igb3: its TrueNAS interface row loses its addresses 10\.9\.0\.3\/24, MTU 9000 .*given back when igb3 leaves lagg0/);
    expect(stack.logs.join("\n")).toMatch(/port igb2: its TrueNAS interface row loses DHCP/);
    expect(await row(sim, "igb2")).toMatchObject({ ipv4_dhcp: false, aliases: [] });
    expect(await row(sim, "igb3")).toMatchObject({ description: "storage", aliases: [], mtu: null });
    expect(stack.outputs("uplink").internalState.portsToRestore).toMatchObject({ igb2: { truenas: { row: { ipv4_dhcp: true } } }, igb3: { truenas: { row: { mtu: 9000 } } } });
    expect((await live(sim, "igb3")).addresses).toEqual([]);
    expect(await pending(sim)).toBe("False");
    await reboot(sim);
    expect((await live(sim, "lagg0")).addresses).toEqual(["10.0.0.5/24"]);
    expect((await stack.preview({ uplink: lagg })).steps.map((s) => s.op)).toEqual(["same"]);

    // igb2 leaves: its DHCP row comes back, and with it a lease.
    const smaller = { ...lagg, ports: ["igb3"] };
    const execsBeforeUpdate = sim.execs.length;
    expect(errorsOf(await stack.up({ uplink: smaller }))).toBe("");
    expect(sim.execs.length - execsBeforeUpdate).toBe(1);
    expect(await row(sim, "igb2")).toEqual(before.igb2);
    expect((await live(sim, "igb2")).addresses).toHaveLength(1);
    expect(Object.keys(stack.outputs("uplink").internalState.portsToRestore)).toEqual(["igb3"]);
    await reboot(sim);
    expect(await row(sim, "igb2")).toEqual(before.igb2);
    expect((await live(sim, "igb2")).addresses).toHaveLength(1);

    // The delete takes igb3's row with the lagg's; the recorded one is written back.
    expect(errorsOf(await stack.destroy())).toBe("");
    expect(await row(sim, "igb3")).toEqual(before.igb3);
    expect(await live(sim, "igb3")).toEqual(liveBefore.igb3);
    expect(await pending(sim)).toBe("False");
    await reboot(sim);
    expect({ igb2: await row(sim, "igb2"), igb3: await row(sim, "igb3") }).toEqual(before);
    expect(await live(sim, "igb3")).toEqual(liveBefore.igb3);
  });
});

describe("TrueNAS: the management address on a port (em0's row carries 192.0.2.2, where the SSH session arrives)", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]), { options: { truenas: true, truenasTiming: FAST } });

  test("making em0 a port without taking its address is refused before anything changes, saying how to do it", async () => {
    const before = await everything(sim);
    const r = await stack.up({ nas: { name: "lagg0", protocol: "failover", ports: ["em0", "em1"], addresses: ["198.51.100.7/24"], persist: "truenas" } });
    expect(errorsOf(r)).toMatch(/the SSH session arrives on 192\.0\.2\.2, an address of port em0: .*Include the address in addresses/);
    expect(await everything(sim)).toEqual(before);
    expect(await pending(sim)).toBe("False");
  });

  test("ports [em0, em1] with em0's address: one commit-confirmed change moves it, held once, kept across a reboot; delete gives it back", async () => {
    const em0Before = await row(sim, "em0");
    const nas = { name: "lagg0", protocol: "failover", ports: ["em0", "em1"], addresses: ["192.0.2.2/24"], persist: "truenas", confirmTimeout: 10 };
    const logFrom = middlewareLog(sim).length;
    expect(errorsOf(await stack.up({ nas }))).toBe("");
    expect(stack.logs.join("\n")).toMatch(/checking it in from a fresh connection|reconnecting to check the change in/);
    // Never held twice: the commit's sync configures em0's (cleared) row, which removes the address, before lagg0's adds it.
    const synced = middlewareLog(sim).slice(logFrom);
    const [off, on] = [synced.indexOf("em0: removing 192.0.2.2"), synced.indexOf("lagg0: adding 192.0.2.2/24")];
    expect([off >= 0, on > off]).toEqual([true, true]);
    // The rows read in the exec's first part are kept even when the session drops under the change.
    expect(stack.outputs("nas").internalState.portsToRestore.em0).toMatchObject({ truenas: { row: { aliases: [{ type: "INET", address: "192.0.2.2", netmask: 24 }] } } });
    expect(await row(sim, "em0")).toMatchObject({ aliases: [] });
    expect((await live(sim, "em0")).addresses).toEqual([]);
    expect((await live(sim, "lagg0")).addresses).toEqual(["192.0.2.2/24"]);
    expect(await pending(sim)).toBe("False");
    await reboot(sim);
    expect(sim.machine.isAddressReachable("192.0.2.2")).toBe(true);
    expect((await live(sim, "em0")).addresses).toEqual([]);
    expect((await live(sim, "lagg0")).addresses).toEqual(["192.0.2.2/24"]);
    expect(errorsOf(await stack.refresh())).toBe("");
    expect((await stack.preview({ nas })).steps.map((s) => s.op)).toEqual(["same"]);

    // The way back: a delete without commit-confirm (the session's lagg goes away).
    expect(errorsOf(await stack.up({ nas: { ...nas, safeApply: false } }))).toBe("");
    expect(errorsOf(await stack.destroy())).toBe("");
    expect(await row(sim, "em0")).toEqual(em0Before);
    expect((await live(sim, "em0")).addresses).toEqual(["192.0.2.2/24"]);
    await reboot(sim);
    expect(await row(sim, "em0")).toEqual(em0Before);
    expect((await live(sim, "em0")).addresses).toEqual(["192.0.2.2/24"]);
  });

  test("em0 leaving while lagg0 keeps its address gets its row back without it (the middleware would refuse it), and says so", async () => {
    const nas = { name: "lagg0", protocol: "failover", ports: ["em0", "em1"], addresses: ["192.0.2.2/24"], persist: "truenas", confirmTimeout: 10 };
    expect(errorsOf(await stack.up({ nas }))).toBe("");
    expect(errorsOf(await stack.up({ nas: { ...nas, ports: ["em1"] } }))).toBe("");
    expect(stack.logs.join("\n")).toMatch(/port em0 leaves; its recorded row is given back without 192\.0\.2\.2\/24 \(the lagg carries that network\)/);
    expect(await row(sim, "em0")).toMatchObject({ aliases: [] });
    expect((await live(sim, "lagg0")).addresses).toEqual(["192.0.2.2/24"]);
    expect(await pending(sim)).toBe("False");
    await reboot(sim);
    expect(sim.machine.isAddressReachable("192.0.2.2")).toBe(true);
    expect((await stack.preview({ nas: { ...nas, ports: ["em1"] } })).steps.map((s) => s.op)).toEqual(["same"]);
    // Remembered (issue 18), and given back when the lagg lets go of it: here its delete.
    expect(stack.outputs("nas").internalState.withheldRows.em0.withheld).toEqual(["192.0.2.2/24 (the lagg carries that network)"]);
    expect(errorsOf(await stack.up({ nas: { ...nas, ports: ["em1"], safeApply: false } }))).toBe("");
    const from = stack.logs.length;
    expect(errorsOf(await stack.destroy())).toBe("");
    expect(stack.logs.slice(from).join("\n")).toMatch(/port em0: 192\.0\.2\.2\/24 \(the lagg carries that network\), withheld when it left, is given back/);
    expect(await row(sim, "em0")).toMatchObject({ aliases: [{ type: "INET", address: "192.0.2.2", netmask: 24 }] });
    expect((await live(sim, "em0")).addresses).toEqual(["192.0.2.2/24"]);
    expect(await pending(sim)).toBe("False");
    await reboot(sim);
    expect((await live(sim, "em0")).addresses).toEqual(["192.0.2.2/24"]);
    expect(sim.machine.isAddressReachable("192.0.2.2")).toBe(true);
  });
});

describe("TrueNAS fresh install: ports without rows", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]), { options: { truenas: true, freshInstall: true, truenasTiming: FAST } });

  test("the session's DHCP NIC as a port without its lease address is refused before anything changes", async () => {
    const before = await everything(sim);
    const r = await stack.up({ uplink: { name: "lagg0", protocol: "lacp", ports: ["em0", "em1"], addresses: ["10.0.0.5/24"], persist: "truenas", truenasKeepManagementInterface: true } });
    expect(errorsOf(r)).toMatch(/the SSH session arrives on [0-9.]+, an address of port em0: .*Include the address in addresses/);
    expect(await everything(sim)).toEqual(before);
    expect(await pending(sim)).toBe("False");
  });

  test("their 'no row' is recorded, and after the delete they have no row again; across reboots", async () => {
    const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["10.0.0.5/24"], persist: "truenas", truenasKeepManagementInterface: true };
    expect(errorsOf(await stack.up({ uplink: lagg }))).toBe("");
    expect(stack.outputs("uplink").internalState.portsToRestore).toEqual({ igb0: { rc: {}, truenas: {} }, igb1: { rc: {}, truenas: {} } });
    await reboot(sim);
    expect((await live(sim, "lagg0")).addresses).toEqual(["10.0.0.5/24"]);
    expect(errorsOf(await stack.destroy())).toBe("");
    expect([await row(sim, "igb0"), await row(sim, "igb1")]).toEqual([undefined, undefined]);
    expect(await pending(sim)).toBe("False");
    await reboot(sim);
    expect([await row(sim, "igb0"), await row(sim, "igb1")]).toEqual([undefined, undefined]);
    expect(sim.machine.isAddressReachable((await live(sim, "em0")).addresses[0].split("/")[0])).toBe(true);
  });

  test("a port leaving a jumbo lagg in an update has the MTU it boots with (1500: no row) at once, and after a reboot", async () => {
    const lagg = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, addresses: ["10.0.0.5/24"], persist: "truenas", truenasKeepManagementInterface: true };
    expect(errorsOf(await stack.up({ uplink: lagg }))).toBe("");
    expect((await live(sim, "igb1")).mtu).toBe(9000);
    expect(errorsOf(await stack.up({ uplink: { ...lagg, ports: ["igb0"] } }))).toBe("");
    expect(await row(sim, "igb1")).toBeUndefined();
    expect((await live(sim, "igb1")).mtu).toBe(1500);
    expect(await pending(sim)).toBe("False");
    await reboot(sim);
    expect((await live(sim, "igb1")).mtu).toBe(1500);
    expect((await live(sim, "lagg0")).mtu).toBe(9000);
  });
});
