// Fact 14: the installer leaves the interface DB empty (every NIC on DHCP); the first commit with a row
// unconfigures every interface without one, the management NIC included (network.py sync, interface/
// configure.py autoconfigure/unconfigure, TN-13.3-U1.2).
import { formatIpv4 } from "../kernel/ipv4";
import type { TestSimMachine } from "../machine";
import { callOk, disposeMachines, LAGG, midclt, nas } from "./truenas-helpers";

afterEach(disposeMachines);

const NICS = ["em0", "em1", "igb0", "igb1", "igb2", "igb3", "ix0", "ix1"];
const WITH_ADDRESS = { ...LAGG, aliases: [{ type: "INET", address: "10.0.0.5", netmask: 24 }] };

function dhclientOn(machine: TestSimMachine): string[] {
  return machine.dhcp.list().map((c) => c.interface).sort();
}

describe("fresh install", () => {
  test("empty DB, dhclient on every NIC, sessions arrive on em0's lease, interface.query says ipv4_dhcp everywhere", async () => {
    const machine = nas({ freshInstall: true });
    expect(machine.middleware!.db.tables.interfaces).toEqual([]);
    expect(dhclientOn(machine)).toEqual(NICS);
    expect(machine.kernel.get("em0").inet.map((a) => formatIpv4(a.address))).toEqual([machine.managementAddress]);
    expect(machine.managementAddress).toMatch(/^198\.51\.100\.\d+$/);
    expect(machine.isAddressReachable(machine.managementAddress)).toBe(true);
    const all = (await callOk(machine, "interface.query")) as { name: string; ipv4_dhcp: boolean }[];
    expect(all.map((i) => [i.name, i.ipv4_dhcp])).toEqual(NICS.map((n) => [n, true]));
  });

  test("a DHCP interface is refused while every NIC counts as DHCP", async () => {
    const machine = nas({ freshInstall: true });
    expect(await midclt(machine, "interface.create", { ...LAGG, ipv4_dhcp: true })).toEqual({
      stdout: "", exitCode: 1, stderr: "[EINVAL] interface_create.ipv4_dhcp: Only one interface can be used for DHCP.\n",
    });
  });

  test("the first commit with a row unconfigures em0 (lease gone, dhclient killed, down): the management path is lost", async () => {
    const machine = nas({ freshInstall: true });
    await callOk(machine, "interface.create", WITH_ADDRESS);
    await callOk(machine, "interface.commit", { checkin_timeout: 60 });
    const em0 = machine.kernel.get("em0");
    expect([em0.inet, em0.flags & 1]).toEqual([[], 0]);
    expect(dhclientOn(machine)).toEqual([]);
    expect(machine.isAddressReachable(machine.managementAddress)).toBe(false);
    expect(machine.middleware!.log).toContain("Unconfiguring interface 'em0'");
  });

  test("rollback empties the DB again: autoconfigure brings em0 back with its lease, but destroys nothing (lagg0 stays, on DHCP too)", async () => {
    const machine = nas({ freshInstall: true });
    await callOk(machine, "interface.create", WITH_ADDRESS);
    await callOk(machine, "interface.commit", { checkin_timeout: 60 });
    await callOk(machine, "interface.rollback");
    expect(machine.isAddressReachable(machine.managementAddress)).toBe(true);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
    // With an empty DB sync only autoconfigures: every interface the kernel lists gets dhclient.
    expect(dhclientOn(machine)).toEqual([...NICS, "lagg0"].sort());
    expect(machine.kernel.get("lagg0").lagg?.ports.map((p) => p.name)).toEqual(["igb0", "igb1"]);
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]])).toEqual([]);
  });

  test("a row for em0 with DHCP (what the UI records) keeps the session's lease through the commit", async () => {
    const machine = nas({ freshInstall: true });
    await callOk(machine, "interface.update", "em0", { ipv4_dhcp: false, aliases: [] });
    // The update wrote em0's row; now the DB is not empty, so DHCP on em0 alone is allowed.
    await callOk(machine, "interface.update", "em0", { ipv4_dhcp: true });
    await callOk(machine, "interface.create", WITH_ADDRESS);
    await callOk(machine, "interface.commit", { checkin_timeout: 60 });
    expect(machine.isAddressReachable(machine.managementAddress)).toBe(true);
    expect(dhclientOn(machine)).toEqual(["em0"]);
  });
});
