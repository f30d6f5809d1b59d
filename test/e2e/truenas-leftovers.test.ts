// TrueNAS leftovers of issue 18, against the simulator's TrueNAS mode: the ports of an adopted lagg get
// a record (the delete takes their rows: they are given back), and a commit still running when the
// script stops waiting is reported as outcome unknown, saying what to run to find out.
import { readFileSync } from "node:fs";
import { LaggUnknownOutcomeError } from "../../provider/errors";
import { newNonce, runOnHost, throwUnlessApplied } from "../../provider/operations/run";
import { RESULT } from "../../provider/script";
import { renderTruenasScript } from "../../provider/script/truenas";
import { closeAllConnections } from "../../provider/ssh";
import type { Connection } from "../../provider/types";
import { truenasApplySpec } from "../../provider/ways/truenas/spec";
import { inputs } from "../unit/core/fixtures";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, useSimStack } from "./harness";

jest.setTimeout(240_000);

const errorsOf = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message).join("\n");
const midclt = (sim: SimHost, ...args: string[]) => onHost(sim, "midclt", "call", ...args);

/** A NIC's own row (description and options), or undefined when it has none. */
async function row(sim: SimHost, name: string): Promise<{ description: unknown; options: unknown } | undefined> {
  const r = await midclt(sim, "interface.query", JSON.stringify([["id", "=", name], ["description", "!=", null]]));
  const e = (JSON.parse(r.stdout) as Record<string, unknown>[])[0];
  return e && { description: e.description, options: e.options };
}

describe("TrueNAS: a lagg made in the UI, adopted", () => {
  let sim: SimHost;
  let stack: E2EStack;
  useSimStack((s, st) => ([sim, stack] = [s, st]), {
    options: { truenas: true, truenasTiming: { linkPollMs: 1 } },
    // As an owner would in the UI: igb0 and igb1 described, then a lagg of them, committed.
    prepare: async (s) => {
      for (const [nic, description] of [["igb0", "left"], ["igb1", "right"]]) {
        expect(await midclt(s, "interface.update", nic, JSON.stringify({ description, options: "-lro" }))).toMatchObject({ exitCode: 0 });
      }
      const lagg = { type: "LINK_AGGREGATION", name: "lagg1", lag_protocol: "LACP", lag_ports: ["igb0", "igb1"] };
      expect(await midclt(s, "interface.create", JSON.stringify(lagg))).toMatchObject({ exitCode: 0 });
      expect(await midclt(s, "interface.commit", JSON.stringify({ rollback: false }))).toMatchObject({ exitCode: 0 });
    },
  });

  test("its ports' rows are recorded at adoption and given back when the lagg is deleted", async () => {
    expect(await row(sim, "igb0")).toEqual({ description: "left", options: "-lro" });
    const up = await stack.up({ uplink: { name: "lagg1", protocol: "lacp", ports: ["igb0", "igb1"], persist: "truenas", adopt: true } });
    expect(errorsOf(up)).toBe("");
    const records = stack.outputs("uplink").internalState.portsToRestore;
    expect(records.igb0.truenas.row).toMatchObject({ description: "left", options: "-lro" });
    expect(records.igb1.truenas.row).toMatchObject({ description: "right" });
    // interface.delete takes the members' rows with it (delete_network_interface): the records give them back.
    expect(errorsOf(await stack.destroy())).toBe("");
    expect(await row(sim, "igb0")).toEqual({ description: "left", options: "-lro" });
    expect(await row(sim, "igb1")).toEqual({ description: "right", options: "-lro" });
  });
});

describe("TrueNAS: a commit still running when the script stops waiting", () => {
  let sim: SimHost;
  // igb0 has no link: lag_setup polls it 5 times (2 s each, as on a real box) while midclt gives up at once.
  useSimStack((s) => (sim = s), {
    options: { truenas: true, interfaces: ["em0", { name: "igb0", link: false }, "igb1"], truenasTiming: { linkPollMs: 2000, midcltSecondMs: 1 } },
  });
  afterAll(() => closeAllConnections());

  test("is reported as outcome unknown (not rolled back), saying what to run to find out", async () => {
    const conn: Connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: readFileSync(sim.privateKeyPath, "utf8"), hostKey: sim.hostKey } as Connection;
    const news = { ...inputs({ name: "lagg0", protocol: "failover", ports: ["igb0"], addresses: [], persist: "truenas" }), connection: conn };
    const nonce = newNonce();
    const spec = { ...truenasApplySpec({ operation: "create", news }, nonce), commitWaitSec: 2 };
    const run = await runOnHost(conn, renderTruenasScript(spec), nonce, "lagg0");
    expect(run.outcome.code).toBe(RESULT.unknown);
    expect(run.outcome.rolledBack).toBe(false);
    let error: unknown;
    try {
      throwUnlessApplied(conn, "lagg0", "create", run);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LaggUnknownOutcomeError);
    const message = (error as Error).message;
    expect(message).toMatch(/the outcome is unknown/);
    expect(message).toMatch(/midclt call interface\.checkin_waiting/);
    expect(message).not.toMatch(/rolled back; the host is as it was/);
    // What the message says holds: the commit finishes and then waits for its checkin.
    let waiting = "";
    for (let i = 0; i < 300 && !/^\d/.test(waiting); i++) {
      waiting = (await midclt(sim, "interface.checkin_waiting")).stdout.trim();
      if (!/^\d/.test(waiting)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(waiting).toMatch(/^\d/);
  });
});
