// What a port leaving a TrueNAS lagg could not get back is remembered and given back once the lagg lets go (issue 18).
import { truenasRestore, type TruenasPortRow } from "../../../provider/persist/truenas-ports";
import { settleWithheld } from "../../../provider/ways/truenas/withheld";

const ROW: TruenasPortRow = { description: "mgmt", aliases: [{ type: "INET", address: "192.0.2.2", netmask: 24 }], ipv4_dhcp: false, ipv6_auto: false, mtu: null, options: "", disable_offload_capabilities: false };
const records = { em0: { rc: {}, truenas: { row: ROW } } };
const keeps = (addresses: string[], ports = ["em1"]) => ({ name: "lagg0", ports, addresses, dhcp: false, ipv6Autoconf: false });

test("a leaving port's withheld address is remembered while the lagg carries its network", () => {
  const leaving = [truenasRestore("em0", ROW, keeps(["192.0.2.2/24"]))];
  const w = settleWithheld(undefined, leaving, records, keeps(["192.0.2.2/24"]));
  expect(w.restores).toEqual([]);
  expect(w.remembered).toEqual({ em0: { row: ROW, withheld: ["192.0.2.2/24 (the lagg carries that network)"] } });
  // The next change that still carries it gives nothing back and keeps remembering.
  expect(settleWithheld(w.remembered, [], {}, keeps(["192.0.2.2/24"]))).toEqual({ restores: [], remembered: w.remembered, notes: [] });
});

test("once the lagg drops the network (update or delete) the recorded row is written back whole, and forgotten", () => {
  const before = { em0: { row: ROW, withheld: ["192.0.2.2/24 (the lagg carries that network)"] } };
  for (const lagg of [keeps(["10.0.0.5/24"]), keeps([], [])]) {
    const w = settleWithheld(before, [], {}, lagg);
    expect(w.restores).toEqual([{ port: "em0", payload: expect.objectContaining({ aliases: ROW.aliases, description: "mgmt" }), withheld: [] }]);
    expect(w.remembered).toEqual({});
    expect(w.notes).toEqual([expect.stringMatching(/port em0: 192\.0\.2\.2\/24 .*withheld when it left, is given back/)]);
  }
});

test("a port that joins again is forgotten (its row is read afresh)", () => {
  const before = { em0: { row: ROW, withheld: ["192.0.2.2/24 (the lagg carries that network)"] } };
  expect(settleWithheld(before, [], {}, keeps(["192.0.2.2/24"], ["em0", "em1"]))).toEqual({ restores: [], remembered: {}, notes: [] });
});
