// Generated args applied on the simulator (issue 17): a sample of args check accepts (hostile but printable
// descriptions: shell metacharacters, quotes, $(), backticks, bidi and astral unicode; random protocols,
// ports, addresses, options, persist modes) is created, read and deleted through LaggProvider over SSH
// under an sh and a tcsh login shell. Each must come out as written on the host and in rc.conf, the host must
// be back as it was after the delete, the simulator may only have run the commands the provider uses, and
// the canary file the payloads would create never appears. LAGG_APPLY_SAMPLE sets the sample per shell.
import fc from "fast-check";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { SCRIPT_COMMAND } from "../../provider/ssh/exec";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { requireOrSkip } from "../sim/server/system-deps";
import { onHost } from "../e2e/harness";
import { validArgs } from "./arbitraries";
import { runSeed } from "./seed";

// Per chain of CHAIN applies: generous, for a loaded machine.
jest.setTimeout(300_000);

const PORTS = ["igb0", "igb1", "igb2", "igb3", "ix0", "ix1", "em1"];
// 100 per shell by default: 200 applies per run (issue 17). An apply is one exec of ~30 emulated commands,
// about 0.4 s of CPU on an idle 2-core machine (twice that loaded); LAGG_APPLY_SAMPLE sets the count per shell.
const SAMPLE = Number(process.env.LAGG_APPLY_SAMPLE ?? 100);
const seed = runSeed("generated-apply");
/** Emulated commands the provider's scripts may run on a FreeBSD host (everything else is real sh/awk/sed). */
const EXPECTED_COMMANDS = new Set(["ifconfig", "sysrc", "uname", "hostname", "lockf", "daemon", "service", "dhclient", "midclt"]);

const provider = new LaggProvider();
/** Args per chain: one create, CHAIN - 1 updates, one delete. */
const CHAIN = 20;

/** The lagg on the host is what `inputs` say, live and (unless persist "none") in rc.conf; returns the checks made. */
async function expectOnHost(sim: SimHost, inputs: Record<string, unknown>): Promise<number> {
  const live = parseIfconfig((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout)[0];
  expect(live?.lagg?.protocol).toBe(inputs.protocol);
  expect([...(live?.lagg?.ports ?? [])].map((p) => p.name).sort()).toEqual([...(inputs.ports as string[])].sort());
  expect(live?.mtu).toBe(inputs.mtu);
  expect(live?.description ?? "").toBe(inputs.description);
  const persisted = inputs.persist !== "none" && inputs.description !== "";
  if (persisted) expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg0_descr")).stdout).toBe(`${inputs.description}\n`);
  return persisted ? 5 : 4;
}

/** `count` args check accepts, drawn from the seeded generator (rejected ones are the other suite's job). */
async function acceptedSample(canary: string, count: number, shellSeed: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const arb = validArgs({ canary, secret: "unused", ports: PORTS, names: ["lagg0"] });
  for (let round = 0; out.length < count && round < 50; round++) {
    for (const args of fc.sample(arb, { numRuns: count * 4, seed: shellSeed + round })) {
      const { connection: _c, ...rest } = args;
      const { failures } = await provider.check({}, { ...rest, connection: { host: "h", password: "p", insecureSkipHostKeyCheck: true } });
      if ((failures ?? []).length === 0) out.push(rest);
      if (out.length === count) break;
    }
  }
  return out;
}

describe.each([
  { loginShell: "sh" as const, suite: describe },
  { loginShell: "tcsh" as const, suite: requireOrSkip("tcsh", "the generated-args applies under a tcsh login shell") },
])("generated args applied under a $loginShell login shell", ({ loginShell, suite }) => {
  suite(`${SAMPLE} accepted args`, () => {
    let sim: SimHost;
    let dir: string;
    let canary: string;
    beforeAll(async () => {
      sim = await startSimHost({ loginShell });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-canary-"));
      canary = path.join(dir, "CANARY");
    });
    afterAll(async () => {
      await closeAllConnections();
      await sim?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    let sample: Record<string, unknown>[] = [];
    let connection: Record<string, unknown>;
    let rcBefore = "";
    let ifBefore = "";
    let invariants = 0;
    beforeAll(async () => {
      sample = await acceptedSample(canary, SAMPLE, seed + (loginShell === "sh" ? 0 : 7919));
      connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
      rcBefore = (await onHost(sim, "sysrc", "-a")).stdout;
      ifBefore = (await onHost(sim, "ifconfig", "-a")).stdout;
    });

    // One test per chain of CHAIN args on one lagg (a create, updates to each next args, a delete), so creates,
    // updates and deletes all see generated args, each chain has its own time budget and progress shows per chain.
    test.each(Array.from({ length: Math.ceil(SAMPLE / CHAIN) }, (_, k) => k * CHAIN))(
      "args %i.. are created or updated as written, deleted without a trace, and the canary never appears",
      async (first) => {
        expect(sample).toHaveLength(SAMPLE);
        let recorded: { id: string; outs: Record<string, unknown> } | undefined;
        const chain = sample.slice(first, first + CHAIN);
        for (const [j, args] of chain.entries()) {
          const where = `seed ${seed}, ${loginShell}, sample ${first + j}: ${JSON.stringify(args)}`;
          try {
            const { inputs } = await provider.check({}, { ...args, name: "lagg0", connection });
            if (!recorded) {
              const created = await provider.create(inputs);
              recorded = { id: created.id, outs: created.outs as Record<string, unknown> };
            } else {
              const diff = await provider.diff(recorded.id, recorded.outs, inputs);
              expect(diff.replaces ?? []).toEqual([]);
              if (diff.changes) recorded.outs = (await provider.update(recorded.id, recorded.outs, inputs)).outs as Record<string, unknown>;
            }
            invariants += await expectOnHost(sim, inputs);
            expect(fs.existsSync(canary)).toBe(false);
            invariants += 1;
          } catch (e) {
            throw new Error(`${where}\n${(e as Error).message}`);
          }
        }
        const read = await provider.read(recorded!.id, recorded!.outs);
        expect(read.props).toMatchObject({ description: recorded!.outs.description, mtu: recorded!.outs.mtu });
        await provider.delete(recorded!.id, recorded!.outs);
        expect((await onHost(sim, "sysrc", "-a")).stdout).toBe(rcBefore);
        expect((await onHost(sim, "ifconfig", "-a")).stdout).toBe(ifBefore);
        expect(fs.existsSync(canary)).toBe(false);
        invariants += 4;
      },
    );

    test("the simulator ran only the commands the provider uses, one script exec per operation, none failing", () => {
      const ran = new Set(sim.machine.records.commands.map((c) => c.command));
      expect([...ran].filter((c) => !EXPECTED_COMMANDS.has(c))).toEqual([]);
      expect(sim.execs.filter((e) => e.command !== SCRIPT_COMMAND).map((e) => e.command)).toEqual([]);
      expect(sim.execs.filter((e) => e.exitCode !== 0)).toEqual([]);
      expect(sim.execs.length).toBeGreaterThanOrEqual(Math.ceil(SAMPLE / CHAIN) * 3);
      console.log(`generated-apply ${loginShell}: ${sample.length} args applied (${Math.ceil(sample.length / CHAIN)} creates and deletes, the rest updates: ${sim.execs.length} execs, ${sim.machine.records.commands.length} commands), ${invariants + 4} invariants, canary never created`);
    });
  });
});
