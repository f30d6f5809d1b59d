// The `status` output from real `ifconfig` output: active ports are the ones carrying traffic.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseIfconfig } from "../../../provider/ifconfig/parse";
import { lacpStatusOf } from "../../../provider/lacp-status";
import { downPortsToRestore, lacpNegotiated, laggStatus } from "../../../provider/outputs";

const fixture = (name: string) => {
  const text = fs.readFileSync(path.join(__dirname, "../../fixtures/ifconfig", `${name}.txt`), "utf8");
  const lagg = parseIfconfig(text).find((i) => i.lagg);
  if (!lagg) throw new Error(`${name} has no lagg`);
  return lagg;
};

test.each<[string, string, string[], boolean]>([
  ["failover: only the port in use (the primary here) is active", "freebsd14-failover-handbook", ["em0"], false],
  ["failover listed backup first: still only the primary", "freebsd9-handbook-failover-reversed", ["fxp0"], false],
  ["lacp: the ports of the active aggregator", "opnsense24-lacp-verbose-lagid", ["ice0", "ice1"], true],
  ["loadbalance without carrier: none", "freebsd11-loadbalance-no-carrier", [], false],
])("%s", (_name, file, active, negotiated) => {
  const status = laggStatus(fixture(file));
  expect(status.activePorts).toEqual(active);
  expect(status.activePortCount).toBe(active.length);
  expect(status.lacpNegotiated).toBe(negotiated);
  for (const port of status.ports) expect(port.active).toBe(active.includes(port.name));
});

test("per port: primary, negotiated, and the LACP actor state", () => {
  const failover = laggStatus(fixture("freebsd9-handbook-failover-reversed"));
  expect(failover.ports.map((p) => [p.name, p.primary, p.negotiated])).toEqual([["fxp1", false, false], ["fxp0", true, false]]);
  const lacp = laggStatus(fixture("opnsense24-lacp-verbose-lagid"));
  expect(lacp.ports[0]).toMatchObject({ name: "ice0", active: true, negotiated: true, lacpState: ["ACTIVITY", "AGGREGATION", "SYNC", "COLLECTING", "DISTRIBUTING"] });
});

test.each<[string, Record<string, unknown>, string[]]>([
  ["current state", { internalState: { downPortsToRestore: ["igb1"] } }, ["igb1"]],
  ["state written before internalState (top-level priorDownPorts)", { priorDownPorts: ["igb0"] }, ["igb0"]],
  ["neither", {}, []],
])("ports delete puts back down, from %s", (_name, outputs, want) => {
  expect(downPortsToRestore(outputs)).toEqual(want);
});

// Issue 18: the LACP verdict says why a port is out (ieee8023ad_lacp.c: lacp_select skips DEFAULTED ports,
// strict or not, so a port whose switch speaks no LACP is in no aggregator on 12+).
describe("status.lacp: negotiated, and why ports are left out", () => {
  const port = (name: string, flags: string[], lacpState: string[]) => ({ name, flags, lacpState, negotiated: lacpNegotiated({ flags, lacpState }) });
  const NEGOTIATED = port("igb0", ["ACTIVE", "COLLECTING", "DISTRIBUTING"], ["ACTIVITY", "AGGREGATION", "SYNC", "COLLECTING", "DISTRIBUTING"]);
  const NO_PARTNER = (name: string) => port(name, [], ["ACTIVITY", "AGGREGATION", "DEFAULTED"]);

  test("every port negotiated: no reason", () => {
    expect(lacpStatusOf([NEGOTIATED])).toEqual({ negotiated: true });
  });

  test("no port has a partner (13/14, strict or not: flags=0<> state=45): not negotiated, DEFAULTED named", () => {
    expect(lacpStatusOf([NO_PARTNER("igb2"), NO_PARTNER("igb3")])).toEqual({
      negotiated: false,
      reason: "igb2, igb3: no LACP partner (DEFAULTED: no LACPDU heard, so it joins no aggregator, strict or not)",
    });
  });

  test("the optimistic partner of an old kernel (ACTIVE,COLLECTING,DISTRIBUTING yet DEFAULTED) is not a negotiated aggregate", () => {
    const optimistic = port("igb2", ["ACTIVE", "COLLECTING", "DISTRIBUTING"], ["ACTIVITY", "AGGREGATION", "SYNC", "COLLECTING", "DISTRIBUTING", "DEFAULTED"]);
    const s = lacpStatusOf([optimistic]);
    expect(s.negotiated).toBe(false);
    expect(s.reason).toMatch(/^igb2: no LACP partner \(DEFAULTED\): distributing with the optimistic default partner/);
  });

  test.each<[string, string[], string[], RegExp]>([
    ["no link", [], ["ACTIVITY", "DEFAULTED"], /^igb3: no link$/],
    ["lagg down", [], ["ACTIVITY", "AGGREGATION", "EXPIRED"], /EXPIRED/],
    ["attached, partner not in sync", [], ["ACTIVITY", "AGGREGATION", "SYNC"], /ATTACHED/],
  ])("a port left out with %s: the aggregate stays negotiated, the reason names it", (_why, flags, state, reason) => {
    const s = lacpStatusOf([NEGOTIATED, port("igb3", flags, state)]);
    expect(s.negotiated).toBe(true);
    expect(s.reason).toMatch(reason);
  });

  test("laggStatus carries it for lacp only", () => {
    expect(laggStatus(fixture("opnsense24-lacp-verbose-lagid")).lacp).toEqual({ negotiated: true });
    expect(laggStatus(fixture("freebsd14-failover-handbook")).lacp).toBeUndefined();
  });
});
