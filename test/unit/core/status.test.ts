// The `status` output from real `ifconfig` output: active ports are the ones carrying traffic.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseIfconfig } from "../../../provider/ifconfig/parse";
import { downPortsToRestore, laggStatus } from "../../../provider/outputs";

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
