// Every address transition, applied to a model of the kernel's address rules, and rolled back from
// every point where a step could fail.
import { planAddressSteps } from "../../../provider/address-plan";
import type { Step } from "../../../provider/plan";

/**
 * The kernel's address list of one interface, as ifconfig lists it (link-local left out):
 * IPv4 `alias` of an existing address deletes it and appends the new one (sys/netinet/in.c,
 * in_aifaddr_ioctl); IPv6 `alias` of an existing address with another prefix length is EINVAL, with
 * the same one it only refreshes lifetimes (sys/netinet6/in6.c, in6_update_ifa); `-alias` of an
 * address that is not there is EADDRNOTAVAIL. Returns false when ifconfig would fail.
 */
function applyStep(list: string[], s: Step): boolean {
  const [cmd, , af, addr, ...rest] = s.argv;
  if (cmd !== "ifconfig") throw new Error(`unexpected ${s.argv.join(" ")}`);
  const bare = (x: string) => x.split("/")[0];
  const at = list.findIndex((x) => bare(x) === bare(addr));
  if (rest[rest.length - 1] === "-alias") {
    if (at < 0) return false;
    list.splice(at, 1);
    return true;
  }
  const cidr = af === "inet" ? addr : `${addr}/${rest[1]}`;
  if (af === "inet6" && at >= 0) return list[at] === cidr;
  if (at >= 0) list.splice(at, 1);
  list.push(cidr);
  return true;
}

/** Runs steps in order; stops at `failAt` (that step fails) like the apply script does. */
function run(start: readonly string[], steps: readonly Step[], failAt = Infinity): string[] {
  const list = [...start];
  steps.forEach((s, i) => {
    if (i < failAt) applyStep(list, s);
  });
  return list;
}

/** Best-effort rollback: every step runs, failures ignored (as rollback_steps does). */
const bestEffort = run;

const v4 = (l: string[]) => l.filter((x) => !x.includes(":"));
const sorted = (l: string[]) => [...l].sort();

const cases: [string, string[], string[]][] = [
  ["IPv4 prefix change", ["198.51.100.10/24"], ["198.51.100.10/25"]],
  ["IPv4 prefix change, other addresses around", ["192.0.2.1/24", "198.51.100.10/24", "192.0.2.3/24"], ["192.0.2.1/24", "198.51.100.10/25", "192.0.2.3/24"]],
  ["IPv6 prefix change", ["2001:db8::10/64"], ["2001:db8::10/80"]],
  ["IPv4 and IPv6 prefix changes together", ["198.51.100.10/24", "2001:db8::10/64"], ["198.51.100.10/26", "2001:db8::10/56"]],
  ["first IPv4 address becomes a further one", ["192.0.2.1/24", "192.0.2.2/24"], ["192.0.2.2/24", "192.0.2.1/24"]],
  ["new address put first", ["192.0.2.1/24"], ["192.0.2.9/24", "192.0.2.1/24"]],
  ["first address removed, further one becomes first", ["192.0.2.1/24", "192.0.2.2/24"], ["192.0.2.2/24"]],
  ["first address replaced by another", ["192.0.2.1/24", "2001:db8::1/64"], ["192.0.2.7/24", "2001:db8::1/64"]],
  ["IPv4 and IPv6 mixed: add, remove, reorder", ["192.0.2.1/24", "2001:db8::1/64", "192.0.2.2/24"], ["2001:db8::2/64", "192.0.2.2/24", "192.0.2.1/25"]],
  ["everything removed", ["192.0.2.1/24", "2001:db8::1/64"], []],
  ["from nothing", [], ["192.0.2.1/24", "2001:db8::1/64", "192.0.2.2/28"]],
  // A failure after the first re-add leaves the IPv4 order neither old nor new: only re-asserting
  // every old address in order puts it back.
  ["new first address, a failure in the middle", ["198.51.100.2/25", "198.51.100.4/24"], ["198.51.100.1/24", "198.51.100.2/25", "198.51.100.4/24"]],
  ["no change", ["192.0.2.1/24", "2001:db8::1/64"], ["192.0.2.1/24", "2001:db8::1/64"]],
];

describe("address transitions", () => {
  test.each(cases)("%s: the kernel ends with exactly the desired addresses, IPv4 in the desired order", (_what, from, to) => {
    const after = run(from, planAddressSteps("lagg0", to, from));
    expect(sorted(after)).toEqual(sorted(to));
    expect(v4(after)).toEqual(v4(to));
  });

  test.each(cases)("%s: the rollback restores every address from any point of failure", (_what, from, to) => {
    const forward = planAddressSteps("lagg0", to, from);
    const rollback = planAddressSteps("lagg0", from, to, { restore: true });
    for (let failAt = 0; failAt <= forward.length; failAt++) {
      const restored = bestEffort(run(from, forward, failAt), rollback);
      expect(sorted(restored)).toEqual(sorted(from));
      expect(v4(restored)).toEqual(v4(from));
    }
  });

  test.each(cases)("%s: an address kept on both sides (the session's) is never missing between two steps, unless its IPv6 prefix changes", (_what, from, to) => {
    const bare = (x: string) => x.split("/")[0];
    const kept = from.filter((x) => to.some((y) => bare(y) === bare(x)) && !(x.includes(":") && !to.includes(x)));
    const list = [...from];
    for (const s of planAddressSteps("lagg0", to, from)) {
      applyStep(list, s);
      for (const k of kept) expect(list.map(bare)).toContain(bare(k));
    }
  });
});

describe("planAddressSteps", () => {
  const argvs = (to: string[], from: string[], restore = false) => planAddressSteps("lagg0", to, from, { restore }).map((s) => s.argv.join(" "));
  test.each<[string, string[], string[], string[]]>([
    ["IPv4 prefix change: one alias replaces in place", ["198.51.100.10/24"], ["198.51.100.10/25"], ["ifconfig lagg0 inet 198.51.100.10/25 alias"]],
    ["IPv6 prefix change: delete, then add", ["2001:db8::10/64"], ["2001:db8::10/80"], ["ifconfig lagg0 inet6 2001:db8::10 -alias", "ifconfig lagg0 inet6 2001:db8::10 prefixlen 80 alias"]],
    ["added before removed", ["192.0.2.10/24"], ["198.51.100.1/24"], ["ifconfig lagg0 inet 198.51.100.1/24 alias", "ifconfig lagg0 inet 192.0.2.10 -alias"]],
    ["a new first address: the old one is re-added in place after it", ["192.0.2.1/24"], ["192.0.2.9/24", "192.0.2.1/24"], ["ifconfig lagg0 inet 192.0.2.9/24 alias", "ifconfig lagg0 inet 192.0.2.1/24 alias"]],
    ["a new further address touches nothing else", ["192.0.2.1/24"], ["192.0.2.1/24", "192.0.2.9/24"], ["ifconfig lagg0 inet 192.0.2.9/24 alias"]],
    ["IPv6 reorder changes nothing", ["2001:db8::1/64", "2001:db8::2/64"], ["2001:db8::2/64", "2001:db8::1/64"], []],
  ])("%s", (_what, from, to, want) => expect(argvs(to, from)).toEqual(want));

  test("a rollback whose IPv4 side did not change leaves IPv4 alone (no churn on the session address)", () => {
    expect(argvs(["192.0.2.1/24", "2001:db8::1/64"], ["192.0.2.1/24", "2001:db8::1/80"], true)).toEqual([
      "ifconfig lagg0 inet6 2001:db8::1 -alias", "ifconfig lagg0 inet6 2001:db8::1 prefixlen 64 alias",
    ]);
  });
});
