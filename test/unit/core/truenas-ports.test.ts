// Issue 12 on TrueNAS: a port's own middleware row read, recorded, what joining takes, and the update that
// gives it back (pure parts).
import { holdsAddresses, parseTruenasPortRows, truenasJoinLosses, truenasRestore, type TruenasPortRow } from "../../../provider/persist/truenas-ports";
import { portRowRecords, withTruenasPortRecords } from "../../../provider/ways/truenas/ports";
import { truenasRemovalSpec } from "../../../provider/ways/truenas/spec";
import { renderTruenasPortRowRead, renderTruenasScript } from "../../../provider/script/truenas";

const ROW: TruenasPortRow = {
  description: "storage", aliases: [{ type: "INET", address: "10.9.0.3", netmask: 24 }, { type: "INET6", address: "2001:db8:9::3", netmask: 64 }],
  ipv4_dhcp: false, ipv6_auto: false, mtu: 9000, options: "-lro", disable_offload_capabilities: false,
};
/** interface.query's entry for a NIC with that row (state and the rest trimmed). */
const ENTRY = JSON.stringify([{ id: "igb3", name: "igb3", fake: false, type: "PHYSICAL", state: { aliases: [{ type: "LINK", address: "00:a0" }] }, ...ROW }]);

describe("parseTruenasPortRows (one query for every joining port)", () => {
  test.each<[string, string, unknown]>([
    ["igb3 has a row, igb2 is not in the answer (no row)", ENTRY, { igb2: {}, igb3: { row: ROW } }],
    ["neither has a row", "[]", { igb2: {}, igb3: {} }],
    ["description null (no row, as without the filter)", JSON.stringify([{ id: "igb3", description: null, aliases: [], ipv4_dhcp: true }]), { igb2: {}, igb3: {} }],
    ["not JSON: nothing known", "Traceback (most recent call last):", undefined],
    ["not a list: nothing known", "{}", undefined],
  ])("%s", (_what, text, expected) => expect(parseTruenasPortRows(["igb2", "igb3"], text)).toEqual(expected));
});

describe("what joining takes from the row (__set_lag_ports)", () => {
  test.each<[string, TruenasPortRow | undefined, string[], boolean]>([
    ["static addresses and an MTU", ROW, ["its TrueNAS interface row loses its addresses 10.9.0.3/24, 2001:db8:9::3/64, MTU 9000 (the middleware clears them on a lagg port)"], true],
    ["DHCP and autoconf", { ...ROW, aliases: [], mtu: null, ipv4_dhcp: true, ipv6_auto: true }, ["its TrueNAS interface row loses DHCP, IPv6 autoconfiguration (the middleware clears them on a lagg port)"], true],
    ["only a description: nothing", { ...ROW, aliases: [], mtu: null }, [], false],
    ["no row: nothing", undefined, [], false],
  ])("%s", (_what, row, losses, holds) => {
    const state = row ? { row } : {};
    expect(truenasJoinLosses(state)).toEqual(losses);
    expect(holdsAddresses(state)).toBe(holds);
  });
});

describe("truenasRestore: the row back, minus what the lagg still holds", () => {
  test.each<[string, TruenasPortRow, { addresses: string[]; dhcp: boolean; ipv6Autoconf: boolean }, Record<string, unknown>, string[]]>([
    ["everything back (delete)", ROW, { addresses: [], dhcp: false, ipv6Autoconf: false },
      { description: "storage", aliases: ROW.aliases, ipv4_dhcp: false, ipv6_auto: false, mtu: 9000, options: "-lro" }, []],
    ["an address whose network the lagg carries is withheld (IPv4 by /24, IPv6 by the shorter /48)", ROW, { addresses: ["10.9.0.77/24", "2001:db8:9::1/48"], dhcp: false, ipv6Autoconf: false },
      { aliases: [] }, ["10.9.0.3/24 (the lagg carries that network)", "2001:db8:9::3/64 (the lagg carries that network)"]],
    ["another network stays", ROW, { addresses: ["10.8.0.1/24"], dhcp: false, ipv6Autoconf: false }, { aliases: ROW.aliases }, []],
    ["DHCP while the lagg uses DHCP is withheld", { ...ROW, ipv4_dhcp: true }, { addresses: [], dhcp: true, ipv6Autoconf: false }, { ipv4_dhcp: false }, ["DHCP (the lagg uses DHCP)"]],
    ["offload off is sent only when set", { ...ROW, disable_offload_capabilities: true }, { addresses: [], dhcp: false, ipv6Autoconf: false }, { disable_offload_capabilities: true }, []],
  ])("%s", (_what, row, lagg, payload, withheld) => {
    const r = truenasRestore("igb3", row, lagg);
    expect(r.payload).toMatchObject(payload);
    expect(r.withheld).toEqual(withheld);
    if (!row.disable_offload_capabilities) expect(r.payload).not.toHaveProperty("disable_offload_capabilities");
  });
});


test("PORT-ROW lines become records; the row read now wins over an older record, rc.conf fields stay", () => {
  expect(portRowRecords([`igb0,igb3 ${ENTRY}`, "igb1 garbage"])).toEqual({ igb3: { rc: {}, truenas: { row: ROW } }, igb0: { rc: {}, truenas: {} } });
  const internal = { downPortsToRestore: ["igb0"], portsToRestore: { igb0: { rc: {}, mtu: 1500, truenas: { row: ROW } } } };
  expect(withTruenasPortRecords(internal, portRowRecords(["igb0 []"]))).toEqual({ downPortsToRestore: ["igb0"], portsToRestore: { igb0: { rc: {}, mtu: 1500, truenas: {} } } });
  expect(withTruenasPortRecords(internal, portRowRecords([]))).toBe(internal);
});

test("the read is one midclt call for every port, printed as one nonce-marked PORT-ROW line", () => {
  const script = renderTruenasPortRowRead(["igb2", "igb3"], "@@n");
  expect(script.match(/midclt call/g)).toHaveLength(1);
  expect(script).toContain(`midclt call interface.query '[["id","in",["igb2","igb3"]],["description","!=",null]]'`);
  expect(script).toMatch(/printf '%s PORT-ROW %s %s\\n' "\$M" '?igb2,igb3'? /);
});

test("delete: the recorded rows are written back after interface.delete, before the commit; ports without a row get no row, and the MTU 1500 they boot with", () => {
  const olds = { name: "lagg0", ports: ["igb2", "igb3"], confirmTimeout: 60, safeApply: true } as never;
  const spec = truenasRemovalSpec(olds, "@@n", { downPortsToRestore: [], portsToRestore: { igb2: { rc: {}, truenas: {} }, igb3: { rc: {}, truenas: { row: ROW } } } });
  expect(spec.restoreRows?.map((r) => r.port)).toEqual(["igb3"]);
  // igb2 has no row: the middleware leaves it the lagg's MTU (unconfigure() does not touch it); boot gives 1500.
  expect(spec.settle.map((s) => s.argv.join(" "))).toEqual(["ifconfig igb2 mtu 1500", "ifconfig igb3 mtu 9000"]);
  const script = renderTruenasScript(spec);
  const del = script.indexOf("interface.delete \"$N\"");
  const restore = script.search(/interface.update '?igb3'? /);
  expect(del).toBeGreaterThan(0);
  expect(restore).toBeGreaterThan(del);
  expect(script.indexOf("commit_and_check_in 60")).toBeGreaterThan(restore);
});
