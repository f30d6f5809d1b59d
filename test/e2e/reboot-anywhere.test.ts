// Issue 12, item 2: moving the management address onto a lagg (ports em0 and em1, em0 carrying
// 192.0.2.2 from `ifconfig_em0="inet 192.0.2.2/24"`, the address the SSH session arrives on) and
// giving it back with a destroy: a power loss at ANY point of the change boots the host into exactly
// the old or the new configuration. The simulator reboots the host at the Nth crash point
// (faults.rebootAtPoint: a command's end, or one per-variable rc.conf rewrite of sysrc); the test
// snapshots what the host booted into at that instant.
//
// Every point costs a full provider run, and a reboot during the detached apply costs the confirm
// window (10 s minimum): the default run takes a seeded share of the points (always the first and
// the last; about 70 s here); LAGG_REBOOT_ANYWHERE=all takes every one (37 for the create, 24 for the
// destroy: about 210 s); LAGG_REBOOT_ANYWHERE_SEED picks another share.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import { RC_CONF } from "../sim/commands/rcconf";
import type { TestSimMachine } from "../sim/machine";
import type { CommandResult } from "../sim/machine-api";
import type { SimHost } from "../sim/server/sim-host-types";
import { onHost, prng } from "./harness";

const ALL = process.env.LAGG_REBOOT_ANYWHERE === "all";
const SEED = Number(process.env.LAGG_REBOOT_ANYWHERE_SEED ?? 12);
const SHARE = 0.2;
const MANAGEMENT = "192.0.2.2";

/** The machine's own handles (no session, no crash point): run a command at once, reboot at once. */
type Machine = TestSimMachine & { exec(command: string, argv: string[]): CommandResult; reboot(): void };

/** What boot gave the host: its rc.conf variables, and the live interfaces the move is about. */
interface BootState {
  rc: Record<string, string>;
  live: Record<string, { inet: string[]; ports: string[] }>;
  /** Interfaces holding the management address. */
  holders: string[];
}

function bootState(m: Machine): BootState {
  const rc = Object.fromEntries([...m.rcConf.toMap()].sort(([a], [b]) => a.localeCompare(b)));
  const ifaces = parseIfconfig(m.exec("ifconfig", ["-a"]).stdout);
  const live: BootState["live"] = {};
  for (const i of ifaces.filter((x) => ["em0", "em1", "lagg0"].includes(x.name))) {
    live[i.name] = { inet: i.inet.map((a) => `${a.address}/${a.prefixLength}`), ports: i.lagg?.ports.map((p) => p.name) ?? [] };
  }
  return { rc, live, holders: ifaces.filter((i) => i.inet.some((a) => a.address === MANAGEMENT)).map((i) => i.name) };
}

/** The points to try out of 1..total. */
function pointsToTry(total: number, salt: number): number[] {
  const all = Array.from({ length: total }, (_, k) => k + 1);
  if (ALL) return all;
  const rand = prng(SEED + salt);
  return all.filter((k) => k === 1 || k === total || rand() < SHARE);
}

jest.setTimeout(ALL ? 3_600_000 : 900_000);

describe("a reboot at any point of the management-address move brings back the old or the new configuration", () => {
  let sim: SimHost;
  let m: Machine;
  const provider = new LaggProvider();
  let oldText = "";
  let newText = "";
  let oldBoot: BootState;
  let newBoot: BootState;
  let createInputs: Record<string, unknown>;
  let createdOuts: Record<string, unknown>;
  let createPoints = 0;

  /** Puts rc.conf back to `text` and boots from it, with no leftovers of an interrupted change. */
  async function bootFrom(text: string) {
    m.faults.clear();
    m.rcConf.setText(RC_CONF, text);
    rmSync(join(m.rootDir!, "var/db/pulumi-freebsd-lagg"), { recursive: true, force: true });
    m.reboot();
    await closeAllConnections();
  }

  /** Runs `op` with a reboot at point `k`; returns what the host booted into then (undefined: no reboot came). */
  async function withRebootAt(k: number, op: () => Promise<unknown>): Promise<{ booted?: BootState; error?: string }> {
    let booted: BootState | undefined;
    const onReboot = () => (booted ??= bootState(m));
    m.on("reboot", onReboot);
    m.faults.rebootAtPoint(k);
    let error: string | undefined;
    try {
      await op();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      m.off("reboot", onReboot);
      m.faults.clear();
      await closeAllConnections();
    }
    return { booted, error };
  }

  beforeAll(async () => {
    sim = await startSimHost({});
    m = sim.machine as Machine;
    expect(await onHost(sim, "sysrc", `ifconfig_em0=inet ${MANAGEMENT}/24`)).toMatchObject({ exitCode: 0 });
    oldText = m.rcConf.text();
    await bootFrom(oldText);
    oldBoot = bootState(m);
    expect(oldBoot.holders).toEqual(["em0"]);

    const connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
    const raw = { name: "lagg0", protocol: "failover", ports: ["em0", "em1"], addresses: [`${MANAGEMENT}/24`], persist: "rc.conf", confirmTimeout: 10, connection };
    const checked = await provider.check({}, raw);
    expect(checked.failures).toEqual([]);
    createInputs = checked.inputs!;
    m.faults.resetCrashPoints();
    createdOuts = (await provider.create(createInputs)).outs;
    createPoints = m.faults.crashPoints;
    newText = m.rcConf.text();
    await bootFrom(newText);
    newBoot = bootState(m);
    expect(newBoot.holders).toEqual(["lagg0"]);
    expect(newBoot.live.lagg0.ports).toEqual(["em0", "em1"]);
  });
  afterAll(async () => {
    await closeAllConnections();
    await sim?.stop();
  });

  const expectOldOrNew = (k: number, state: BootState | undefined, error?: string) => {
    const which = state && (JSON.stringify(state) === JSON.stringify(oldBoot) ? "old" : JSON.stringify(state) === JSON.stringify(newBoot) ? "new" : "neither");
    // On a mismatch, the whole booted state is printed next to the point and the provider's error.
    expect({ point: k, which, holders: state?.holders, ...(which === "neither" ? { state, error } : {}) }).toEqual({ point: k, which: expect.stringMatching(/^(old|new)$/), holders: [expect.any(String)] });
  };

  test("create: every tried point boots old or new, and the host boots the same after the provider is done", async () => {
    expect(createPoints).toBeGreaterThan(5);
    for (const k of pointsToTry(createPoints, 1)) {
      await bootFrom(oldText);
      const r = await withRebootAt(k, () => provider.create(createInputs));
      expect({ point: k, rebooted: r.booted !== undefined }).toEqual({ point: k, rebooted: true });
      expectOldOrNew(k, r.booted, r.error);
      // Whatever the provider did after the reboot (it reconnects, confirms or reports): still old or new at the next boot.
      m.reboot();
      expectOldOrNew(k, bootState(m), r.error);
    }
  });

  test("destroy (the two-step way back, safeApply off): every tried point boots old or new", async () => {
    const outs = { ...createdOuts, safeApply: false };
    await bootFrom(newText);
    m.faults.resetCrashPoints();
    await provider.delete("lagg0", outs);
    const points = m.faults.crashPoints;
    const destroyedText = m.rcConf.text();
    await bootFrom(destroyedText);
    // The way back is the old configuration: em0 holds the address again, nothing else.
    expect(bootState(m)).toEqual(oldBoot);
    for (const k of pointsToTry(points, 2)) {
      await bootFrom(newText);
      const r = await withRebootAt(k, () => provider.delete("lagg0", outs));
      expect({ point: k, rebooted: r.booted !== undefined }).toEqual({ point: k, rebooted: true });
      expectOldOrNew(k, r.booted, r.error);
      m.reboot();
      expectOldOrNew(k, bootState(m), r.error);
    }
  });
});
