// Limits (issue 17): 32 ports in one lagg (LAGG_MAX_PORTS), 16 laggs on one host, 200 resources in one
// stack, descriptions at the maximum length. Each works, or is refused at check with a clear message and
// nothing applied.
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { MAX_DESCRIPTION_LENGTH } from "../../provider/schema/description";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost } from "../e2e/harness";

jest.setTimeout(240_000);

const NICS = Array.from({ length: 34 }, (_, i) => `ix${i}`);
const provider = new LaggProvider();
let sim: SimHost;

beforeAll(async () => {
  sim = await startSimHost({ interfaces: ["em0", ...NICS] });
});
afterAll(async () => {
  await closeAllConnections();
  await sim?.stop();
});

const connection = () => ({ host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey });
const hostState = async () => ({ ifconfig: (await onHost(sim, "ifconfig", "-a")).stdout, rc: (await onHost(sim, "sysrc", "-a")).stdout });

test("32 ports in one lagg are created, read back and deleted; 33 are refused at check naming LAGG_MAX_PORTS", async () => {
  const ports = NICS.slice(0, 32);
  const before = await hostState();
  const { inputs, failures } = await provider.check({}, { connection: connection(), name: "lagg0", protocol: "loadbalance", ports, persist: "rc.conf" });
  expect(failures).toEqual([]);
  const created = await provider.create(inputs);
  const live = parseIfconfig((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout)[0];
  expect(live.lagg?.ports.map((p) => p.name).sort()).toEqual([...ports].sort());
  expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg0")).stdout.match(/laggport /g)).toHaveLength(32);
  const read = await provider.read(created.id, created.outs);
  expect((read.props as { ports: string[] }).ports).toHaveLength(32);
  await provider.delete(created.id, created.outs);
  expect(withoutEmptyCloned(await hostState(), before)).toEqual(before);

  const tooMany = await provider.check({}, { connection: connection(), name: "lagg0", protocol: "loadbalance", ports: NICS.slice(0, 33) });
  expect(tooMany.failures).toEqual([{ property: "ports", reason: "at most 32 ports (LAGG_MAX_PORTS), got 33" }]);
});

test(`a description of ${MAX_DESCRIPTION_LENGTH} characters (astral ones counted as one) is set and persisted as is; one more is refused at check`, async () => {
  const description = `${"𝔘".repeat(100)}${"d".repeat(MAX_DESCRIPTION_LENGTH - 100)}`;
  expect([...description]).toHaveLength(MAX_DESCRIPTION_LENGTH);
  const { inputs, failures } = await provider.check({}, { connection: connection(), name: "lagg1", protocol: "failover", ports: ["ix0"], description, persist: "rc.conf" });
  expect(failures).toEqual([]);
  const created = await provider.create(inputs);
  expect(parseIfconfig((await onHost(sim, "ifconfig", "lagg1")).stdout)[0].description).toBe(description);
  expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg1_descr")).stdout).toBe(`${description}\n`);
  await provider.delete(created.id, created.outs);
  const long = await provider.check({}, { connection: connection(), name: "lagg1", protocol: "failover", ports: ["ix0"], description: `${description}x` });
  expect(long.failures).toEqual([{ property: "description", reason: `at most ${MAX_DESCRIPTION_LENGTH} characters, got ${MAX_DESCRIPTION_LENGTH + 1}` }]);
});

test("16 laggs on one host (2 ports each) are created in one up, refreshed and destroyed through the driver", async () => {
  const stack = new E2EStack(sim);
  try {
    const before = await hostState();
    const laggs = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`uplink${i}`, { name: `lagg${i}`, protocol: i % 2 ? "failover" : "lacp", ports: [NICS[2 * i], NICS[2 * i + 1]], description: `uplink ${i}` }]),
    );
    const up = await stack.up(laggs);
    expect(up.errors).toEqual([]);
    expect((await onHost(sim, "ifconfig", "-g", "lagg")).stdout.trim().split(/\s+/).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `lagg${i}`).sort());
    const refresh = await stack.refresh();
    expect(refresh.errors).toEqual([]);
    expect((await stack.preview(laggs)).steps.filter((s) => s.op !== "same")).toEqual([]);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(withoutEmptyCloned(await hostState(), before)).toEqual(before);
  } finally {
    stack.cleanup();
  }
});

test("200 resources in one stack: a preview plans all 200 without touching a host; a lagg name beyond IFNAMSIZ is refused at check", async () => {
  const stack = new E2EStack(sim);
  try {
    const execs = sim.execs.length;
    const laggs = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`r${i}`, { name: `lagg${i}`, protocol: "lacp", ports: [NICS[i % NICS.length]] }]));
    const preview = await stack.preview(laggs);
    expect(preview.errors).toEqual([]);
    expect(preview.steps.filter((s) => s.op === "create")).toHaveLength(200);
    expect(sim.execs.length).toBe(execs);
    const named = await provider.check({}, { connection: connection(), name: `lagg${"9".repeat(12)}`, protocol: "lacp", ports: ["ix0"] });
    expect(named.failures).toEqual([{ property: "name", reason: "interface names are at most 15 characters (IFNAMSIZ-1), got 16" }]);
  } finally {
    stack.cleanup();
  }
});

/** Known and filed (issue 18 item 2, fixed on another branch): the last removal leaves `cloned_interfaces=""`. */
function withoutEmptyCloned(now: { ifconfig: string; rc: string }, before: { rc: string }) {
  return before.rc.includes("cloned_interfaces:") ? now : { ...now, rc: now.rc.replace(/^cloned_interfaces: \n/m, "") };
}
