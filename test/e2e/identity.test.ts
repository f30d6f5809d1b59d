// A lagg's identity is its machine (host key) and its name, not the address used to reach the machine:
// a new address for the same machine is an update that touches nothing; another machine is refused.
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost } from "./harness";

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

  test("another machine with a lagg of the same name at the new address fails, naming both keys; nothing changes on either", async () => {
    expect((await onHost(other, "ifconfig", "lagg0", "create", "laggproto", "lacp", "laggport", "igb0", "mtu", "1500")).exitCode).toBe(0);
    const before = { nas1: await lagg0(nas1), other: await lagg0(other), nas1Execs: nas1.execs.length };
    const moved = { uplink: { ...base, mtu: 9000, connection: { host: "localhost", port: other.port, hostKey: other.hostKey, privateKey: other.privateKey } } };
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
