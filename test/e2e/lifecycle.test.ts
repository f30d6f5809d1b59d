// The Lagg lifecycle through the real serialized provider, the real dynamic-provider host over gRPC,
// and a simulated FreeBSD host over real SSH: in both SSH modes (embedded ssh2, OpenSSH sshd + tcsh).
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { findExecutable, requireOrSkip } from "../sim/server/system-deps";
import { E2EStack, onHost } from "./harness";

const NASTY = `it's "quoted" $(touch /tmp/lagg-e2e-pwned) \`id\`; echo $HOME & |`;

async function lagg(sim: SimHost, name = "lagg0") {
  const r = await onHost(sim, "ifconfig", "-v", name);
  return r.exitCode === 0 ? parseIfconfig(r.stdout)[0] : undefined;
}

const MODES = [
  { title: "embedded ssh2, sh login shell", mode: "ssh2" as const, loginShell: "sh" as const, describe: describe },
  { title: "OpenSSH sshd, tcsh login shell", mode: "sshd" as const, loginShell: "tcsh" as const, describe: requireOrSkip(findExecutable("sshd") ? "tcsh" : "sshd", "the lifecycle through real OpenSSH sshd with a tcsh login shell") },
];

for (const m of MODES) {
  m.describe(`Lagg lifecycle (${m.title})`, () => {
    let sim: SimHost;
    let stack: E2EStack;
    const base = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 9000, description: NASTY, addresses: ["192.0.2.10/24", "2001:db8::10/64"] };

    beforeAll(async () => {
      sim = await startSimHost({ mode: m.mode, loginShell: m.loginShell, password: m.mode === "ssh2" ? "rotated-secret" : undefined });
      stack = new E2EStack(sim);
    });
    afterAll(async () => {
      stack?.cleanup();
      await sim?.stop();
    });

    test("preview plans a create and touches no host", async () => {
      const p = await stack.preview({ uplink: base });
      expect(p.errors).toEqual([]);
      expect(p.steps.map((s) => s.op)).toEqual(["create"]);
      expect(sim.execs).toHaveLength(0);
    });

    test("up creates the lagg in one exec (the ports' own configuration is read first in the same shell); the description lands verbatim and runs nothing", async () => {
      const r = await stack.up({ uplink: base });
      expect(r.errors).toEqual([]);
      // The ports' own rc.conf lines and MTU are read first (issue 12), so the apply can keep what they may keep:
      // the read and the apply planned from it are two parts of one exec.
      expect(sim.execs).toHaveLength(1);
      expect(sim.execs[0].stdin).toMatch(/# pulumi-freebsd-lagg: read the own configuration of igb0 igb1\n[\s\S]* READ-END\\n' @@lagg-\w+\n# pulumi-freebsd-lagg: create lagg0\n/);
      const l = await lagg(sim);
      expect(l?.lagg?.protocol).toBe("lacp");
      expect(l?.lagg?.ports.map((p) => p.name).sort()).toEqual(["igb0", "igb1"]);
      expect(l?.mtu).toBe(9000);
      expect(l?.description).toBe(NASTY);
      expect(l?.inet.map((a) => `${a.address}/${a.prefixLength}`)).toEqual(["192.0.2.10/24"]);
      expect(l?.inet6.filter((a) => !a.address.startsWith("fe80")).map((a) => a.address)).toEqual(["2001:db8::10"]);
      const out = stack.outputs("uplink");
      expect(out.status.lacpNegotiated).toBe(true);
      expect(out.status).toMatchObject({ activePorts: ["igb0", "igb1"], activePortCount: 2 });
      expect(out.persisted).toMatchObject({ mode: "rc.conf", inSync: true });
      expect(out.persisted.variables.ifconfig_lagg0_descr).toBe(NASTY);
    });

    test("refresh then preview shows no diff", async () => {
      const r = await stack.refresh();
      expect(r.errors).toEqual([]);
      const p = await stack.preview({ uplink: base });
      expect(p.steps.map((s) => s.op)).toEqual(["same"]);
    });

    // Through sshd with a tcsh login shell only the updates that differ in what crosses the transport run (a
    // description with every quoting hazard, and ports joining: the two-part read-then-apply exec); the other
    // fields' scripts travel the same way, and each run here costs CI about 8 s.
    const onlyOverSsh2 = (field: string) => m.mode === "ssh2" || field === "description" || field === "ports";
    test.each(([
      ["mtu", { mtu: 1500 }, (l: any) => expect(l.mtu).toBe(1500)],
      ["description", { description: "uplink to core-sw1" }, (l: any) => expect(l.description).toBe("uplink to core-sw1")],
      ["addresses", { addresses: ["198.51.100.7/24"] }, (l: any) => expect(l.inet.map((a: any) => a.address)).toEqual(["198.51.100.7"])],
      ["ports", { ports: ["igb0", "igb2", "igb3"] }, (l: any) => expect(l.lagg.ports.map((p: any) => p.name).sort()).toEqual(["igb0", "igb2", "igb3"])],
      ["hash", { hash: ["l3", "l4"] }, (l: any) => expect(l.lagg.hash).toEqual(["l3", "l4"])],
      ["lacpFastTimeout", { lacpFastTimeout: true }, (l: any) => expect(l.lagg.options.flagsValue & 0x80).toBe(0x80)],
      ["protocol", { protocol: "loadbalance" }, (l: any) => expect(l.lagg.protocol).toBe("loadbalance")],
    ] as [string, Record<string, unknown>, (l: any) => void][]).filter(([field]) => onlyOverSsh2(field)))("update %s in place, then no diff", async (_field, change, check) => {
      const args: Record<string, unknown> = { ...base, ...change };
      // lacpFastTimeout is lacp-only: leaving lacp drops it, as a user would.
      if (change.protocol) delete args.lacpFastTimeout;
      const before = sim.execs.length;
      const r = await stack.up({ uplink: args });
      expect(r.errors).toEqual([]);
      expect(r.steps.map((s) => s.op)).toEqual(["update"]);
      // One exec; ports that join are read first in it (their own configuration, to give back when they leave).
      expect(sim.execs.length - before).toBe(1);
      check(await lagg(sim));
      expect((await stack.preview({ uplink: args })).steps.map((s) => s.op)).toEqual(["same"]);
      Object.assign(base, change);
      if (change.protocol) delete (base as Record<string, unknown>).lacpFastTimeout;
    });

    test("a port removed out of band is caught by refresh and restored by up", async () => {
      await onHost(sim, "ifconfig", "lagg0", "-laggport", base.ports[1]);
      await stack.refresh();
      expect(stack.outputs("uplink").ports).toEqual(base.ports.filter((p) => p !== base.ports[1]));
      const p = await stack.preview({ uplink: base });
      expect(p.steps.map((s) => s.op)).toEqual(["update"]);
      expect((await stack.up({ uplink: base })).errors).toEqual([]);
      expect((await lagg(sim))?.lagg?.ports.map((x) => x.name).sort()).toEqual([...base.ports].sort());
    });

    test("rename replaces the lagg, deleting the old one first so the ports move over", async () => {
      const renamed = { ...base, name: "lagg1" };
      const p = await stack.preview({ uplink: renamed });
      expect(p.steps.map((s) => s.op)).toEqual(["replace"]);
      const r = await stack.up({ uplink: renamed });
      expect(r.errors).toEqual([]);
      expect(await lagg(sim, "lagg0")).toBeUndefined();
      expect((await lagg(sim, "lagg1"))?.lagg?.ports.map((x) => x.name).sort()).toEqual([...base.ports].sort());
      base.name = "lagg1";
    });

    // Protocol-level (the ports' order in the script); registered for the embedded ssh2 transport only.
    if (m.mode === "ssh2") test("failover primary change moves MASTER to the first port", async () => {
      // hash is for lacp/loadbalance only (check refuses another one for failover): leaving them drops it, as a user would.
      const fo = { ...base, protocol: "failover", hash: undefined, ports: ["igb2", "igb0"] };
      expect((await stack.up({ uplink: fo })).errors).toEqual([]);
      expect((await lagg(sim, "lagg1"))?.lagg?.ports.find((x) => x.flags.includes("MASTER"))?.name).toBe("igb2");
      const swapped = { ...fo, ports: ["igb0", "igb2"] };
      expect((await stack.up({ uplink: swapped })).errors).toEqual([]);
      expect((await lagg(sim, "lagg1"))?.lagg?.ports.find((x) => x.flags.includes("MASTER"))?.name).toBe("igb0");
      Object.assign(base, swapped);
    });

    if (m.mode === "ssh2") {
      test("key rotation (key -> password) is an update that runs nothing on the host", async () => {
        const before = sim.execs.length;
        const rotated = { ...base, connection: { privateKey: null, password: "rotated-secret" } };
        const r = await stack.up({ uplink: rotated });
        expect(r.errors).toEqual([]);
        expect(r.steps.map((s) => s.op)).toEqual(["update"]);
        expect(sim.execs.length).toBe(before);
        expect((await stack.refresh()).errors).toEqual([]);
        expect(sim.execs.length).toBe(before + 1);
      });
    }

    test("a wrong host key fails before anything runs on the host", async () => {
      const other = await startSimHost({});
      try {
        const before = sim.execs.length;
        const r = await stack.up({ uplink: base, other: { ...base, name: "lagg5", ports: ["ix0"], connection: { hostKey: other.hostKey } } });
        expect(r.errors.map((e) => e.message).join("\n")).toMatch(/host key verification failed for 127\.0\.0\.1:\d+: the host presented SHA256:/);
        expect(sim.execs.length).toBe(before);
        expect(await lagg(sim, "lagg5")).toBeUndefined();
      } finally {
        await other.stop();
      }
    });

    test("an out-of-band destroy is caught by refresh (the resource leaves the state)", async () => {
      await onHost(sim, "ifconfig", base.name, "destroy");
      const r = await stack.refresh();
      expect(r.errors).toEqual([]);
      expect(stack.engine.state().resources.filter((x) => x.urn.endsWith("::uplink"))).toEqual([]);
      expect((await stack.preview({ uplink: base })).steps.map((s) => s.op)).toEqual(["create"]);
    });

    test("destroy removes the lagg and its rc.conf entries", async () => {
      expect((await stack.up({ uplink: base })).errors).toEqual([]);
      const d = await stack.destroy();
      expect(d.errors).toEqual([]);
      expect(await lagg(sim, base.name)).toBeUndefined();
      const rc = await onHost(sim, "sysrc", "-n", `ifconfig_${base.name}`);
      expect(rc.exitCode).not.toBe(0);
      const cloned = await onHost(sim, "sysrc", "-n", "cloned_interfaces");
      expect(cloned.stdout).not.toContain(base.name);
    });
  });
}
