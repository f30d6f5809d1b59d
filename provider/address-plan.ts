// Address steps: take a lagg's static addresses from one list to another (pure).
//
// Kernel rules the steps rely on (reference/real-host-facts.md 2-3):
// - IPv4 `alias` of an address that exists replaces it, new mask included (in_aifaddr_ioctl deletes the old
//   in_ifaddr, then appends the new one to the interface's list: sys/netinet/in.c). So a prefix change is one
//   step, the address is never missing between two steps, and a replaced address moves to the end of the list.
// - IPv6 refuses to change the prefix length of an existing address (in6_update_ifa: EINVAL, "the prefix
//   length of an existing address should not be changed", sys/netinet6/in6.c): delete, then add.
// - Addresses are listed in the order they were added (if_addrhead is a tail queue); boot adds the first
//   IPv4 address from ifconfig_IF and the others from ifconfig_IF_aliasN in order (network.subr), so the
//   kernel's IPv4 order after an apply is made equal to the inputs' order: boot then shows the same
//   primary address as the live host. IPv6 order cannot be changed without a delete and is not compared.
import { parseCidr, type Cidr } from "./address";
import type { Step } from "./step";

/** How to read the starting point of an address plan. */
export interface AddressPlanMode {
  /**
   * The host may be anywhere between `actual` and `desired` (a rollback after a step failed): when
   * the IPv4 lists differ at all, re-assert every desired IPv4 address in order, so the end state,
   * order included, is `desired` whatever the starting point was. (IPv6 steps already work from
   * any point: a re-add with the same prefix is accepted, and a prefix change deletes first.)
   */
  restore?: boolean;
}

const ifc = (name: string, ...words: string[]): string[] => ["ifconfig", name, ...words];
const text = (c: Cidr) => `${c.address}/${c.prefixLength}`;

function parseAll(list: readonly string[]): Cidr[] {
  return list.map((x) => {
    const c = parseCidr(x);
    if (!c) throw new Error(`not a CIDR address: ${x}`);
    return c;
  });
}

/** `ifconfig NAME inet A/P alias` (add or replace) and the IPv6 add, each with why. */
function addStep(n: string, c: Cidr, why: string): Step {
  const argv = c.family === 4 ? ifc(n, "inet", text(c), "alias") : ifc(n, "inet6", c.address, "prefixlen", String(c.prefixLength), "alias");
  return { argv, why, target: n };
}

function removeStep(n: string, c: Cidr, why = `remove address ${text(c)} from ${n}`): Step {
  return { argv: ifc(n, c.family === 4 ? "inet" : "inet6", c.address, "-alias"), why, target: n };
}

/**
 * How many of `desired`'s first IPv4 addresses can stay untouched: they already exist with the same
 * prefix and appear in `actual` in the same relative order. Every later one is (re)added in order,
 * which moves it to the end of the kernel's list, so the final order is exactly `desired`.
 */
function untouchedIpv4Prefix(desired: Cidr[], actual: Cidr[]): number {
  let at = 0;
  let k = 0;
  for (const d of desired) {
    const pos = actual.findIndex((a, i) => i >= at && a.address === d.address && a.prefixLength === d.prefixLength);
    if (pos < 0) break;
    at = pos + 1;
    k++;
  }
  return k;
}

/**
 * Steps from the `actual` static addresses to the `desired` ones, in an order that never leaves an
 * address that stays (the SSH session's, say) missing between two steps when the kernel allows it:
 * IPv4 additions and in-place replacements first (prefix change, reorder), then IPv6 additions, then
 * IPv6 prefix changes (delete and re-add, back to back: the kernel allows nothing else), then removals.
 * Planned from `actual` to `desired` and again from `desired` to `actual` (with `restore`), the two
 * are exact inverses.
 */
export function planAddressSteps(n: string, desired: readonly string[], actual: readonly string[], mode: AddressPlanMode = {}): Step[] {
  const want = parseAll(desired);
  const have = parseAll(actual);
  const haveBy = new Map(have.map((c) => [c.address, c]));
  const wantBy = new Map(want.map((c) => [c.address, c]));
  const want4 = want.filter((c) => c.family === 4);
  const have4 = have.filter((c) => c.family === 4);

  const v4: Step[] = [];
  const same4 = want4.length === have4.length && want4.every((c, i) => text(c) === text(have4[i]));
  const keep = mode.restore ? (same4 ? want4.length : 0) : untouchedIpv4Prefix(want4, have4);
  for (const c of want4.slice(keep)) {
    const old = haveBy.get(c.address);
    const why = !old
      ? `add address ${text(c)} to ${n}`
      : old.prefixLength !== c.prefixLength
        ? `change the prefix of ${c.address} on ${n} from /${old.prefixLength} to /${c.prefixLength} (in place)`
        : `re-add address ${text(c)} on ${n} in place (keeps the address order boot applies)`;
    v4.push(addStep(n, c, why));
  }

  const v6adds: Step[] = [];
  const v6changes: Step[] = [];
  for (const c of want.filter((x) => x.family === 6)) {
    const old = haveBy.get(c.address);
    if (!old) {
      v6adds.push(addStep(n, c, `add address ${text(c)} to ${n}`));
    } else if (old.prefixLength !== c.prefixLength) {
      const why = `change the prefix of ${c.address} on ${n} to /${c.prefixLength} (IPv6: delete, then add)`;
      v6changes.push(removeStep(n, old, why), addStep(n, c, why));
    }
  }
  const removals = have.filter((c) => !wantBy.has(c.address)).map((c) => removeStep(n, c));
  return [...v4, ...v6adds, ...v6changes, ...removals];
}
