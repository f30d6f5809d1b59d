// A lagg's identity is its machine (host key) and its name, not the address used to reach the machine:
// a new address for the same machine is an update that touches nothing; another machine is refused.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureProgram, Engine } from "../engine";
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { E2EStack, onHost, REPO } from "./harness";
import { SECRET_SIG, SIG_KEY } from "../engine/secrets";

async function lagg0(sim: SimHost) {
  const r = await onHost(sim, "ifconfig", "-v", "lagg0");
  return r.exitCode === 0 ? parseIfconfig(r.stdout)[0] : undefined;
}

describe("host identity across address changes", () => {
  let nas1: SimHost;
  let other: SimHost;
  let stack: E2EStack;
  const base = { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], addresses: ["192.0.2.10/24"] };

  beforeAll(async () => {
    [nas1, other] = await Promise.all([startSimHost({}), startSimHost({})]);
    stack = new E2EStack(nas1);
  });
  afterAll(async () => {
    stack?.cleanup();
    await Promise.all([nas1?.stop(), other?.stop()]);
  });

  test("create via the IP address records the machine's host key", async () => {
    const r = await stack.up({ uplink: base });
    expect(r.errors).toEqual([]);
    expect(stack.outputs("uplink").hostKeyFingerprint).toBe(nas1.fingerprint);
    // failover: both ports have link, only the primary carries traffic.
    expect(stack.outputs("uplink").status).toMatchObject({ activePorts: ["igb0"], activePortCount: 1 });
  });

  test("a connection whose key is an Output (as cfg.requireSecret gives) is stored whole, as one secret", () => {
    const raw = JSON.parse(fs.readFileSync(path.join(stack.dir, "state.json"), "utf8"));
    const key = fs.readFileSync(nas1.privateKeyPath, "utf8");
    const uplink = (raw.resources as { urn: string; inputs: Record<string, any>; outputs: Record<string, any> }[]).find((r) => r.urn.endsWith("::uplink"))!;
    for (const props of [uplink.inputs, uplink.outputs]) {
      expect(props.connection).toEqual({ [SIG_KEY]: SECRET_SIG, plaintext: expect.any(String) });
      expect(JSON.parse(props.connection.plaintext)).toMatchObject({ host: nas1.host, privateKey: key });
    }
    // Nowhere else: without the two secrets, the state holds no line of the key.
    delete uplink.inputs.connection;
    delete uplink.outputs.connection;
    const rest = JSON.stringify(raw);
    for (const line of key.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"))) expect(rest).not.toContain(line);
  });

  test("the same machine under a DNS name is an update: no replace, no delete, nothing run on the host", async () => {
    const execs = nas1.execs.length;
    const renamed = { uplink: { ...base, connection: { host: "localhost" } } };
    const p = await stack.preview(renamed);
    expect(p.steps.map((s) => [s.op, s.replaces])).toEqual([["update", []]]);
    const r = await stack.up(renamed);
    expect(r.errors).toEqual([]);
    expect(r.outcomes.map((o) => o.op)).toEqual(["update"]);
    expect(nas1.execs.length).toBe(execs);
    expect((await lagg0(nas1))?.lagg?.ports.map((p) => p.name)).toEqual(["igb0", "igb1"]);
    expect(stack.outputs("uplink")).toMatchObject({ hostKeyFingerprint: nas1.fingerprint });
  });

  test("a change together with the new address is applied on the same machine", async () => {
    const r = await stack.up({ uplink: { ...base, mtu: 9000, connection: { host: "localhost" } } });
    expect(r.errors).toEqual([]);
    expect((await lagg0(nas1))?.mtu).toBe(9000);
  });

  test.each<[string, () => Record<string, unknown>]>([
    ["accepts our key", () => ({ hostKey: other.hostKey, privateKey: other.privateKey })],
    ["refuses our key", () => ({ hostKey: other.hostKey })],
    ["is not the pinned hostKey", () => ({})],
  ])("another machine with a lagg of the same name at the new address (it %s) fails naming both keys; nothing changes on either", async (_name, connection) => {
    if (!(await lagg0(other))) {
      expect((await onHost(other, "ifconfig", "lagg0", "create", "laggproto", "lacp", "laggport", "igb0", "mtu", "1500")).exitCode).toBe(0);
    }
    const before = { nas1: await lagg0(nas1), other: await lagg0(other), nas1Execs: nas1.execs.length };
    const moved = { uplink: { ...base, mtu: 9000, connection: { host: "localhost", port: other.port, ...connection() } } };
    const r = await stack.up(moved);
    expect(r.errors).toHaveLength(1);
    const message = r.errors[0].message;
    expect(message).toContain(`presents host key ${other.fingerprint}, but lagg0 lives on the machine with host key ${nas1.fingerprint}`);
    expect(message).toContain("nothing was changed on either machine");
    expect(message).toContain("pulumi up --replace");
    expect(r.outcomes.map((o) => o.op)).not.toContain("delete");
    expect(other.execs).toHaveLength(0);
    expect(nas1.execs.length).toBe(before.nas1Execs);
    expect(await lagg0(other)).toEqual(before.other);
    expect(await lagg0(nas1)).toEqual(before.nas1);
    expect(stack.outputs("uplink").connection.host).toBe("localhost");
  });

  test("refresh and destroy still reach the recorded machine", async () => {
    expect((await stack.refresh()).errors).toEqual([]);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(await lagg0(nas1)).toBeUndefined();
    expect((await lagg0(other))?.lagg?.protocol).toBe("lacp");
  });
});

describe("state written by the previous version", () => {
  let sim: SimHost;
  beforeAll(async () => {
    sim = await startSimHost({});
  });
  afterAll(async () => {
    await closeAllConnections();
    await sim?.stop();
  });

  test("refresh reads it and records the host key; a new address is checked against the old one; delete works", async () => {
    const connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
    const provider = new LaggProvider();
    const { inputs } = await provider.check({}, { connection, name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"] });
    const created = await provider.create(inputs);
    // What the previous version wrote: activePorts a count, priorDownPorts top-level, no host key, no internalState.
    const { hostKeyFingerprint: _h, internalState: _i, ...rest } = created.outs as Record<string, any>;
    const old = { ...rest, status: { ...rest.status, activePorts: 2 }, priorDownPorts: ["igb0", "igb1"] };
    const read = await provider.read(created.id, old);
    expect(read.props).toMatchObject({ hostKeyFingerprint: sim.fingerprint, internalState: { downPortsToRestore: ["igb0", "igb1"] } });
    expect(read.props).not.toHaveProperty("priorDownPorts");
    const moved = { ...inputs, connection: { ...connection, host: "localhost" } };
    const updated = await provider.update(created.id, old, moved);
    expect(updated.outs).toMatchObject({ hostKeyFingerprint: sim.fingerprint, connection: { host: "localhost" } });
    await provider.delete(created.id, old);
    expect((await onHost(sim, "ifconfig", "lagg0")).exitCode).toBe(1);
    // The ports that were down before the lagg claimed them are down again.
    expect((await onHost(sim, "ifconfig", "igb0")).stdout).not.toMatch(/<UP,/);
  });
});

test("examples/fleet keeps working when an inventory entry changes its address: an update, no destroy", async () => {
  const sim = await startSimHost({});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-fleet-rename-"));
  try {
    const inventory = path.join(dir, "inventory.json");
    const entry = { name: "nas1", host: sim.host, port: sim.port, user: sim.user, hostKey: sim.hostKey, privateKeyPath: sim.privateKeyPath, laggs: [{ name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"] }] };
    const engine = new Engine({ statePath: path.join(dir, "state.json"), project: "fleet", stack: "test", cwd: REPO });
    const run = async (host: string) => {
      fs.writeFileSync(inventory, JSON.stringify({ hosts: [{ ...entry, host }] }));
      const program = path.join(REPO, "dist/examples/fleet/index.js");
      const { resources } = await captureProgram({ program, project: "fleet", stack: "test", config: { "fleet:inventory": inventory }, cwd: REPO, priorState: engine.state().resources });
      return engine.up(resources);
    };
    expect((await run(sim.host)).errors).toEqual([]);
    const execs = sim.execs.length;
    const renamed = await run("localhost");
    expect(renamed.errors).toEqual([]);
    expect(renamed.outcomes.map((o) => o.op)).toEqual(["update"]);
    expect(sim.execs.length).toBe(execs);
    expect((await onHost(sim, "ifconfig", "lagg0")).exitCode).toBe(0);
    expect((await engine.destroy()).errors).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await closeAllConnections();
    await sim.stop();
  }
});
