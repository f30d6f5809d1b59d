// A seeded random walk through the argument space, straight through LaggProvider against the
// simulator: every step is a create, an in-place update or a delete with a random mix of protocol,
// ports, MTU, addresses, hash, LACP/flowid/roundrobin options, capability words, DHCP and SLAAC.
// After each step the host must show exactly the inputs, a refresh must find no drift, and rc.conf
// must be in sync; after a seeded share of the steps (persisted: rc.conf, or the TrueNAS database) the
// host reboots and must come back exactly as it was. Set LAGG_WALK_SEED / LAGG_WALK_STEPS /
// LAGG_WALK_REBOOTS (the share rebooted, 0..1) to explore further.
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections } from "../../provider/ssh";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { rcConfDescriptionProblem } from "../../provider/schema/description";
import { onHost, prng } from "./harness";

const SEED = Number(process.env.LAGG_WALK_SEED ?? 20261129);
// 30 steps produce every transition in TRANSITIONS on both host kinds (TrueNAS: by step 28).
const STEPS = Number(process.env.LAGG_WALK_STEPS ?? 30);
const REBOOTS = Number(process.env.LAGG_WALK_REBOOTS ?? 0.5);

/** The transitions issue 7 names; the default run must produce each of them (a reboot after the last). */
const TRANSITIONS = ["IPv4 prefix change", "IPv6 prefix change", "first IPv4 address moves", "IPv4 and IPv6 mixed", "reboot with static IPv4"] as const;
const DEFAULT_RUN = !process.env.LAGG_WALK_SEED && !process.env.LAGG_WALK_STEPS && !process.env.LAGG_WALK_REBOOTS;

/** Which of TRANSITIONS an update from `before` to `after` (address lists) makes. */
function addressTransitions(before: string[], after: string[]): string[] {
  const addr = (c: string) => c.replace(/\/.*$/, "");
  const v4 = (xs: string[]) => xs.filter((c) => !c.includes(":"));
  const kinds: string[] = [];
  for (const c of after) {
    const old = before.find((b) => addr(b) === addr(c) && b !== c);
    if (old) kinds.push(c.includes(":") ? "IPv6 prefix change" : "IPv4 prefix change");
  }
  const [first, last] = [v4(before)[0], v4(after)[0]];
  if (first && last && addr(first) !== addr(last) && (after.some((c) => addr(c) === addr(first)) || before.some((c) => addr(c) === addr(last)))) {
    kinds.push("first IPv4 address moves");
  }
  if (v4(after).length && v4(after).length < after.length) kinds.push("IPv4 and IPv6 mixed");
  return kinds;
}

/**
 * FreeBSD hosts start the way NAS boxes are configured (issue 12): ports with their own rc.conf lines, live
 * since boot. Whatever the walk does, once the lagg is gone they are back as they were.
 */
const PORT_LINES = ['ifconfig_igb3="up -lro"', 'ifconfig_ix1="DHCP"', 'ifconfig_igb2="inet 10.99.0.2/24"'];

// em0 carries the management address: never a port here.
const NICS = ["em1", "igb0", "igb1", "igb2", "igb3", "ix0", "ix1"];
const PROTOCOLS = ["lacp", "failover", "loadbalance", "roundrobin", "broadcast", "none"];
// The same address with two prefix lengths (IPv4: replaced in place; IPv6: deleted and re-added), IPv4
// and IPv6 mixed; the shuffle moves addresses between the first and further positions.
const ADDRESSES = [
  "192.0.2.10/24", "192.0.2.10/25", "198.51.100.5/25", "198.51.100.5/28", "2001:db8::10/64", "2001:db8::10/80", "2001:db8:1::1/48", "203.0.113.7/32",
];

/** One entry per address (check refuses two prefix lengths of one address in one input): the first wins. */
function onePerAddress(cidrs: string[]): string[] {
  const seen = new Set<string>();
  return cidrs.filter((c) => !seen.has(c.replace(/\/.*$/, "")) && !!seen.add(c.replace(/\/.*$/, "")));
}
const DESCRIPTIONS = ["", "uplink", "it's \"quoted\" $(id) `id` \\ & |", "  padded  "];
const CAP_WORDS = ["-rxcsum", "-txcsum", "-tso", "-lro", "-vlanhwfilter", "-rxcsum6"];

function randomArgs(rand: () => number, name: string, truenas: boolean): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const some = <T>(xs: readonly T[], min: number, max: number): T[] => {
    const n = min + Math.floor(rand() * (max - min + 1));
    return [...xs].sort(() => rand() - 0.5).slice(0, n);
  };
  // TrueNAS CORE has no broadcast, takes MTUs from 1492, and makes the alphabetically first port the failover primary.
  const protocol = pick(truenas ? PROTOCOLS.filter((p) => p !== "broadcast") : PROTOCOLS);
  // TrueNAS refuses a network another interface uses: the management address is in 192.0.2.0/24.
  const addresses = truenas ? ADDRESSES.map((a) => a.replace("192.0.2.10/", "10.20.30.40/")) : ADDRESSES;
  const args: Record<string, unknown> = { name, protocol, ports: some(NICS, 1, 4), description: pick(DESCRIPTIONS), addresses: onePerAddress(some(addresses, 0, 3)) };
  if (rand() < 0.6) args.mtu = pick(truenas ? [1500, 9000, 4000] : [1500, 9000, 4000, 1280]);
  if (truenas && protocol === "failover") args.ports = [...(args.ports as string[])].sort();
  if ((protocol === "lacp" || protocol === "loadbalance") && rand() < 0.5) args.hash = some(["l2", "l3", "l4"], 1, 3);
  if (protocol === "lacp") {
    if (rand() < 0.5) args.lacpFastTimeout = rand() < 0.5;
    if (rand() < 0.4) args.lacpStrict = rand() < 0.5;
  }
  if ((protocol === "lacp" || protocol === "loadbalance") && rand() < 0.4) {
    args.useFlowid = rand() < 0.5;
    if (rand() < 0.5) args.flowidShift = Math.floor(rand() * 32);
  }
  if (protocol === "roundrobin" && rand() < 0.6) args.rrLimit = 1 + Math.floor(rand() * 1000);
  if (rand() < 0.3) args.options = some(CAP_WORDS, 1, 2);
  // TrueNAS refuses it (its middleware cannot keep offload off on the lagg itself).
  else if (rand() < 0.2 && !truenas) args.disableHardwareOffload = true;
  // DHCP needs a lagg that passes traffic (the apply waits for a lease and fails without one): not "none".
  if (rand() < 0.15 && protocol !== "none") {
    // check refuses static IPv4 next to DHCP (dhclient replaces the first IPv4 address).
    args.dhcp = true;
    args.addresses = (args.addresses as string[]).filter((a) => a.includes(":"));
  }
  if (rand() < 0.15) args.ipv6Autoconf = true;
  // A description boot's `eval echo` would change is refused when persisted to rc.conf (persist "auto" included):
  // TrueNAS keeps it with persist "truenas"; on FreeBSD the walk writes what boot keeps.
  if (rcConfDescriptionProblem(args.description as string)) {
    if (truenas) args.persist = "truenas";
    else args.description = (args.description as string).trim();
  }
  return args;
}

/** The refreshed state a reboot must bring back: everything but the live status (LACP states, counters). */
function withoutStatus(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!props) return props;
  const { status: _status, ...rest } = props;
  return rest;
}

describe.each([
  { host: "FreeBSD 14", truenas: false },
  { host: "TrueNAS CORE", truenas: true },
])(`random walk on $host (seed ${SEED}, ${STEPS} steps)`, ({ truenas }) => {
  let sim: SimHost;
  const provider = new LaggProvider();
  beforeAll(async () => {
    // The scaled waits of the simulator, shortened: dhclient's 60 s without an offer (a lagg with no LACP
    // partner passes no traffic) and 11 s without link, and the middleware's link polls.
    sim = await startSimHost({ truenas, dhcp: { noOfferGiveUpMs: 200, noLinkGiveUpMs: 110 }, truenasTiming: { linkPollMs: 1 } });
    if (truenas) return; // TrueNAS: rc.d/netif is off, the middleware database holds the NICs' settings.
    for (const line of PORT_LINES) expect(await onHost(sim, "sysrc", line.replace(/"/g, ""))).toMatchObject({ exitCode: 0 });
    expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
  });
  afterAll(async () => {
    await closeAllConnections();
    await sim?.stop();
  });

  // Each step is a change, a read, a diff and (half of them) a reboot with a second read, each a few
  // sandboxed commands of ~50 ms: about 1.8 s a step here, so 30 steps take 50-60 s alone and more on
  // a busy machine. The timeout covers that work; it is no timing goal.
  test("every step lands exactly, reads back without drift, persists in sync, and reboots into the same state", async () => {
    const rand = prng(SEED);
    const connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
    let outs: Record<string, unknown> | undefined;
    let lastAddresses: string[] = [];
    const seen = new Set<string>();
    const log: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      const raw: Record<string, unknown> = { ...randomArgs(rand, "lagg3", truenas), connection };
      const checked = await provider.check({}, raw);
      expect(checked.failures).toEqual([]);
      const what = outs && rand() < 0.1 ? "delete" : outs ? "update" : "create";
      const started = Date.now();
      log.push(`${step} ${what} ${JSON.stringify({ ...raw, connection: undefined })}`);
      try {
        if (what === "delete") {
          await provider.delete("lagg3", outs!);
          outs = undefined;
          expect((await onHost(sim, "ifconfig", "lagg3")).exitCode).toBe(1);
          continue;
        }
        const addresses = raw.addresses as string[];
        if (what === "update") for (const kind of addressTransitions(lastAddresses, addresses)) seen.add(kind);
        lastAddresses = addresses;
        outs = what === "create" ? (await provider.create(checked.inputs!)).outs : (await provider.update("lagg3", outs!, checked.inputs!)).outs;
        const host = parseIfconfig((await onHost(sim, "ifconfig", "-v", "lagg3")).stdout)[0];
        expect(host.lagg?.protocol).toBe(raw.protocol);
        expect(host.lagg?.ports.map((p) => p.name).sort()).toEqual([...(raw.ports as string[])].sort());
        expect(host.mtu).toBe(raw.mtu ?? 1500);
        const read = await provider.read("lagg3", outs!);
        expect(read.id).toBeTruthy();
        const drift = await provider.diff("lagg3", read.props!, checked.inputs!);
        expect({ step, changes: drift.changes }).toEqual({ step, changes: false });
        expect((read.props as { persisted: { inSync: boolean } }).persisted.inSync).toBe(true);
        if (rand() < REBOOTS) {
          // Persisted state is boot state: the same lagg after a reboot, read back without drift.
          log.push(`${step} reboot`);
          if (addresses.some((c) => !c.includes(":"))) seen.add("reboot with static IPv4");
          expect(await onHost(sim, "reboot")).toMatchObject({ exitCode: 0 });
          // The next run after a reboot is a new program with new sessions (the old ones died with the host).
          await closeAllConnections();
          const after = await provider.read("lagg3", outs!);
          expect({ step, state: withoutStatus(after.props) }).toEqual({ step, state: withoutStatus(read.props) });
          expect({ step, changes: (await provider.diff("lagg3", after.props!, checked.inputs!)).changes }).toEqual({ step, changes: false });
        }
      } catch (e) {
        throw new Error(`step ${log.at(-1)} failed after ${Date.now() - started} ms (replay with LAGG_WALK_SEED=${SEED}):\n${log.join("\n")}\n${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    if (DEFAULT_RUN) expect([...seen].sort()).toEqual([...TRANSITIONS].sort());
    if (outs) await provider.delete("lagg3", outs);
    expect((await onHost(sim, "ifconfig", "lagg3")).exitCode).toBe(1);
    if (!truenas) {
      const names = PORT_LINES.map((l) => l.replace(/=.*$/, ""));
      expect((await onHost(sim, "sysrc", "-e", ...names)).stdout.trim().split("\n")).toEqual(PORT_LINES);
    }
  }, 240_000);
});
