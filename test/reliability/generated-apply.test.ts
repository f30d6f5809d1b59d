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

jest.setTimeout(240_000);

const PORTS = ["igb0", "igb1", "igb2", "igb3", "ix0", "ix1", "em1"];
// 20 per shell by default: each apply costs ~35 emulated commands, ~2 s on a loaded 2-core machine (measured),
// so the default keeps this file near 90 s; LAGG_APPLY_SAMPLE=100 applies 200 (about 8 minutes loaded).
const SAMPLE = Number(process.env.LAGG_APPLY_SAMPLE ?? 20);
const seed = runSeed("generated-apply");
/** Emulated commands the provider's scripts may run on a FreeBSD host (everything else is real sh/awk/sed). */
const EXPECTED_COMMANDS = new Set(["ifconfig", "sysrc", "uname", "hostname", "lockf", "daemon", "service", "dhclient", "midclt"]);

const provider = new LaggProvider();
/** Args per chain: one create, CHAIN - 1 updates, one delete. */
const CHAIN = 10;

/**
 * Known and filed (issue 18, item 2, fixed on another branch): after rc.conf held the lagg, the last
 * removal leaves `cloned_interfaces=""` on a host that had no such line. Tolerated here only in that
 * exact form, so that anything else left behind still fails; drop this once the fix has landed.
 */
function withoutEmptyClonedInterfaces(rc: string, before: string): string {
  return before.includes("cloned_interfaces:") ? rc : rc.replace(/^cloned_interfaces: \n/m, "");
}

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

    test("each is created as written, deleted without a trace, and runs nothing else", async () => {
      const sample = await acceptedSample(canary, SAMPLE, seed + (loginShell === "sh" ? 0 : 7919));
      expect(sample).toHaveLength(SAMPLE);
      const connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
      const rcBefore = (await onHost(sim, "sysrc", "-a")).stdout;
      const ifBefore = (await onHost(sim, "ifconfig", "-a")).stdout;
      let invariants = 0;
      // Batched: chains of CHAIN args on one lagg (a create, updates to each next args, a delete), so
      // creates, updates and deletes all see generated args and the file stays within its time budget.
      for (let first = 0; first < sample.length; first += CHAIN) {
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
        expect(withoutEmptyClonedInterfaces((await onHost(sim, "sysrc", "-a")).stdout, rcBefore)).toBe(rcBefore);
        expect((await onHost(sim, "ifconfig", "-a")).stdout).toBe(ifBefore);
        expect(fs.existsSync(canary)).toBe(false);
        invariants += 4;
      }
      const ran = new Set(sim.machine.records.commands.map((c) => c.command));
      expect([...ran].filter((c) => !EXPECTED_COMMANDS.has(c))).toEqual([]);
      expect(sim.execs.filter((e) => e.command !== SCRIPT_COMMAND).map((e) => e.command)).toEqual([]);
      expect(sim.execs.filter((e) => e.exitCode !== 0)).toEqual([]);
      console.log(`generated-apply ${loginShell}: ${sample.length} args applied (${Math.ceil(sample.length / CHAIN)} creates and deletes, the rest updates: ${sim.execs.length} execs, ${sim.machine.records.commands.length} commands), ${invariants + 3} invariants, canary never created`);
    });
  });
});
