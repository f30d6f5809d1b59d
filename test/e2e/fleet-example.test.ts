// examples/fleet as a user runs it: an inventory of hosts -> one Lagg each, applied in parallel
// through the real provider host, then destroyed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureProgram, Engine } from "../engine";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { REPO, onHost } from "./harness";

const PROGRAM = path.join(REPO, "dist/examples/fleet/index.js");

test("the fleet example creates every inventory lagg on its own host, one exec each (the ports' read and the apply in one shell), and destroys them", async () => {
  const sims: SimHost[] = await Promise.all([0, 1, 2].map(() => startSimHost({})));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-fleet-"));
  try {
    const hosts = sims.map((s, i) => ({
      name: `nas${i + 1}`, host: s.host, port: s.port, user: s.user, hostKey: s.hostKey, privateKeyPath: s.privateKeyPath,
      laggs: [{ name: "lagg0", protocol: i === 1 ? "failover" : "lacp", ports: ["igb0", "igb1"], addresses: [`198.51.100.${11 + i}/24`] }],
    }));
    const inventory = path.join(dir, "inventory.json");
    fs.writeFileSync(inventory, JSON.stringify({ hosts }));
    const engine = new Engine({ statePath: path.join(dir, "state.json"), project: "fleet", stack: "test", cwd: REPO });
    const { resources } = await captureProgram({ program: PROGRAM, project: "fleet", stack: "test", config: { "fleet:inventory": inventory }, cwd: REPO, priorState: [] });
    expect(resources.map((r) => r.name).sort()).toEqual(["nas1-lagg0", "nas2-lagg0", "nas3-lagg0"]);

    const r = await engine.up(resources);
    expect(r.errors).toEqual([]);
    for (const [i, s] of sims.entries()) {
      // The joining ports' own configuration is read first (issue 12), in the apply's exec.
      expect(s.execs).toHaveLength(1);
      const l = parseIfconfig((await onHost(s, "ifconfig", "-v", "lagg0")).stdout)[0];
      expect(l.lagg?.protocol).toBe(i === 1 ? "failover" : "lacp");
      expect(l.inet.map((a) => a.address)).toEqual([`198.51.100.${11 + i}`]);
    }

    expect((await engine.destroy()).errors).toEqual([]);
    for (const s of sims) expect((await onHost(s, "ifconfig", "lagg0")).exitCode).toBe(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await Promise.all(sims.map((s) => s.stop()));
  }
});
