// Generated input through the provider's check (issue 17): 10,000+ Lagg args per run, valid, near-valid
// and hostile. Whatever check rejects carries failures naming the property and what is allowed, and no
// secret; whatever it accepts checks the same again and renders every script without the secret in it.
// A failure prints fast-check's seed and shrunk counterexample; LAGG_FC_SEED=<seed> replays a run.
import fc from "fast-check";
import { LaggProvider } from "../../provider/provider";
import { hostileArgs, nearValidArgs, validArgs } from "./arbitraries";
import { type Failure, failureProblems, holdsUnknown, renderAll } from "./check-properties";
import { runSeed, tally } from "./seed";

const PORTS = ["igb0", "igb1", "igb2", "igb3", "ix0", "ix1", "em1"];
const SECRET = `pw-${Math.random().toString(36).slice(2)}-S3cr3t`;
const CANARY = "/tmp/lagg-canary-never";
const provider = new LaggProvider();
const seed = runSeed("generated-check");

async function check(news: unknown): Promise<{ inputs: Record<string, unknown>; failures: Failure[] }> {
  const r = await provider.check({}, news as Record<string, unknown>);
  return { inputs: r.inputs as Record<string, unknown>, failures: (r.failures ?? []) as Failure[] };
}

/** Every invariant of one checked input; returns what it was (for the counts). */
async function checkInvariants(news: unknown): Promise<"accepted" | "rejected" | "unknown"> {
  const { inputs, failures } = await check(news);
  tally.invariants += 1;
  expect(failures.flatMap((f) => failureProblems(f, news, SECRET))).toEqual([]);
  if (failures.length > 0) return "rejected";
  if (holdsUnknown(inputs)) return "unknown";
  // Accepted: checking the normalized inputs again changes nothing, and every script renders.
  const again = await check(inputs);
  expect(again).toEqual({ inputs, failures: [] });
  const olds = { ...inputs, mtu: inputs.mtu === 1500 ? 9000 : 1500, description: "old" };
  const scripts = renderAll(inputs, olds);
  expect(scripts.length).toBeGreaterThanOrEqual(5);
  // The password is a connection value: no script carries it (scripts are logged with LAGG_LOG_SCRIPTS).
  for (const s of scripts) expect(s.includes(SECRET)).toBe(false);
  tally.invariants += 3;
  return "accepted";
}

const opts = { canary: CANARY, secret: SECRET, ports: PORTS };
const outcomes = { accepted: 0, rejected: 0, unknown: 0 };

afterAll(() => {
  console.log(`generated-check seed ${seed}: ${tally.inputs} inputs (${outcomes.accepted} accepted, ${outcomes.rejected} rejected, ${outcomes.unknown} with unknowns), ${tally.invariants} invariants checked`);
});

test("valid args: accepted ones render every script; rejected ones say why (4,000 runs)", async () => {
  await fc.assert(
    fc.asyncProperty(validArgs(opts), async (args) => {
      tally.inputs += 1;
      outcomes[await checkInvariants(args)] += 1;
    }),
    { seed, numRuns: 4000 },
  );
  // The generator is meant to give mostly acceptable args; if check starts refusing them all, say so.
  expect(outcomes.accepted).toBeGreaterThan(400);
});

test("near-valid args (one property hostile): a new failure names that property (3,500 runs)", async () => {
  await fc.assert(
    fc.asyncProperty(nearValidArgs(opts), async ({ base, args, key }) => {
      tally.inputs += 1;
      outcomes[await checkInvariants(args)] += 1;
      const before = new Set((await check(base)).failures.map((f) => f.property));
      const added = (await check(args)).failures.filter((f) => !before.has(f.property));
      if (added.length === 0) return;
      const root = key.split(".")[0];
      // A hostile value is reported on itself; a rule between properties (dhcp with addresses, the default
      // persist with a description rc.conf would change) reports on the other one and names this one.
      const names = (f: Failure) => f.property === key || f.property.split(/[.[]/)[0] === root || f.reason.includes(key.split(".").at(-1)!);
      expect(added.filter(names)).not.toEqual([]);
      tally.invariants += 1;
    }),
    { seed, numRuns: 3500 },
  );
});

test("hostile args (anything at all, the unknown sentinel included): failures, never a throw (3,500 runs)", async () => {
  await fc.assert(
    fc.asyncProperty(hostileArgs(CANARY), async (news) => {
      tally.inputs += 1;
      outcomes[await checkInvariants(news)] += 1;
    }),
    { seed, numRuns: 3500 },
  );
  expect(tally.inputs).toBeGreaterThanOrEqual(10_000);
});
