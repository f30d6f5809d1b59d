// Desired vs actual -> the minimal ordered host commands (pure; rendered into a script by script.ts).
import { parseCidr } from "./address";
import { planAddressSteps, type AddressPlanMode } from "./address-plan";
import { sameMembers, type LaggState } from "./state";
import type { Step } from "./step";

export type { Step } from "./step";

/** Changes that are not part of the observable lagg state and are planned from old vs new inputs. */
export interface InputTransitions {
  /** Capability/option words in effect before (from the previous inputs) and wanted now. */
  capabilityWords?: { from: string[]; to: string[] };
  dhcp?: { from: boolean; to: boolean };
  ipv6Autoconf?: { from: boolean; to: boolean };
}

const ifc = (name: string, ...words: string[]): string[] => ["ifconfig", name, ...words];

/** Ports to take out and to put in, in order; handles a failover primary change. */
function portMoves(d: LaggState, a: LaggState): { remove: string[]; add: string[] } {
  const knownPrimary = a.protocol === "failover" ? a.ports[0] : undefined;
  const wantPrimary = d.protocol === "failover" ? d.ports[0] : undefined;
  if (wantPrimary !== undefined && a.ports.length > 0 && knownPrimary !== wantPrimary) {
    // lagg(4) makes the first port added the primary and re-elects the first remaining port
    // (ifindex order) when the primary leaves: only a lagg holding just the new primary is certain.
    const remove = a.ports.filter((p) => p !== wantPrimary);
    const keep = a.ports.includes(wantPrimary) ? [wantPrimary] : [];
    return { remove: a.ports.includes(wantPrimary) ? remove : [...a.ports], add: d.ports.filter((p) => !keep.includes(p)) };
  }
  return { remove: a.ports.filter((p) => !d.ports.includes(p)), add: d.ports.filter((p) => !a.ports.includes(p)) };
}

/** lagg(4) option words (`lacp_fast_timeout`, `flowid_shift 4`, ...) that differ from the baseline. */
function optionSteps(d: LaggState, base: Partial<LaggState>): Step[] {
  const n = d.name;
  const flag = (word: string, want: boolean | undefined, have: boolean | undefined, why: string): Step[] =>
    want === undefined || want === have ? [] : [{ argv: ifc(n, want ? word : `-${word}`), why: `${want ? "enable" : "disable"} ${why} on ${n}`, target: n }];
  const num = (word: string, want: number | undefined, have: number | undefined): Step[] =>
    want === undefined || want === have ? [] : [{ argv: ifc(n, word, String(want)), why: `set ${word} ${want} on ${n}`, target: n }];
  return [
    ...flag("lacp_fast_timeout", d.lacpFastTimeout, base.lacpFastTimeout, "LACP fast timeout"),
    ...flag("lacp_strict", d.lacpStrict, base.lacpStrict, "LACP strict mode"),
    ...flag("use_flowid", d.useFlowid, base.useFlowid, "use_flowid"),
    ...num("flowid_shift", d.flowidShift, base.flowidShift),
    ...num("rr_limit", d.rrLimit, base.rrLimit),
  ];
}

/** Capability words to send: new words, plus the inverse of words no longer wanted. */
export function capabilityChanges(from: readonly string[], to: readonly string[]): string[] {
  const invert = (w: string) => (w.startsWith("-") ? w.slice(1) : `-${w}`);
  const dropped = from.filter((w) => !to.includes(w)).map(invert).filter((w) => !to.includes(w));
  const added = to.filter((w) => !from.includes(w));
  return [...dropped, ...added];
}

/**
 * Plans the commands that take the host from `actual` (undefined: the lagg does not exist) to
 * `desired`, in the order lagg(4) needs: create, protocol, hash and options, ports out before ports
 * in (a port cannot be in two laggs), member ports up (`up` is not propagated), MTU on the lagg
 * only and after the ports (the first port sets the lagg MTU), addresses (address-plan.ts: added
 * and replaced in place before removed), description, capabilities, up. `mode.restore` plans a
 * rollback: the host may be anywhere between `desired` and `actual`.
 */
export function planLaggChanges(desired: LaggState, actual: LaggState | undefined, transitions: InputTransitions = {}, mode: AddressPlanMode = {}): Step[] {
  const n = desired.name;
  const steps: Step[] = [];
  const fresh = actual === undefined;
  const a: LaggState = actual ?? { name: n, protocol: "failover", ports: [], mtu: 1500, description: "", addresses: [], hash: ["l2", "l3", "l4"], up: false };
  if (fresh) steps.push({ argv: ifc(n, "create"), why: `create ${n}`, target: n });
  const protocolChanged = a.protocol !== desired.protocol;
  if (protocolChanged) steps.push({ argv: ifc(n, "laggproto", desired.protocol), why: `set protocol ${desired.protocol} on ${n}`, target: n });
  if (!sameMembers(a.hash, desired.hash) && desired.hash.length > 0) {
    steps.push({ argv: ifc(n, "lagghash", desired.hash.join(",")), why: `set lagghash ${desired.hash.join(",")} on ${n}`, target: n });
  }
  // A protocol change re-attaches the protocol with default options: re-send every managed option.
  steps.push(...optionSteps(desired, fresh || protocolChanged ? {} : a));

  const { remove, add } = portMoves(desired, a);
  for (const p of remove) steps.push({ argv: ifc(n, "-laggport", p), why: `remove port ${p} from ${n}`, target: p });
  for (const p of add) steps.push({ argv: ifc(n, "laggport", p), why: `add port ${p} to ${n}`, target: p });
  for (const p of add) steps.push({ argv: ifc(p, "up"), why: `bring port ${p} up`, target: p });

  const firstPortsJoin = a.ports.length === remove.length && add.length > 0;
  if (desired.mtu !== a.mtu || firstPortsJoin) steps.push({ argv: ifc(n, "mtu", String(desired.mtu)), why: `set MTU ${desired.mtu} on ${n}`, target: n });

  const dhcp = transitions.dhcp;
  if (dhcp?.from && !dhcp.to && !fresh) {
    // The lease is not in any state we hold: the host-side function stops dhclient and drops every
    // IPv4 address of the lagg that is not desired (see PRELUDE's release_dhcp).
    const keep = desired.addresses.map((x) => parseCidr(x)).filter((c) => c?.family === 4).map((c) => c!.address);
    steps.push({ argv: ["release_dhcp", n, ...keep], why: `stop DHCP on ${n} and remove its lease`, target: n });
  }
  steps.push(...planAddressSteps(n, desired.addresses, a.addresses, mode));
  if (desired.description !== a.description) {
    const argv = desired.description === "" ? ifc(n, "-description") : ifc(n, "description", desired.description);
    steps.push({ argv, why: desired.description === "" ? `clear the description of ${n}` : `set the description of ${n}`, target: n });
  }
  const caps = transitions.capabilityWords;
  const capWords = caps ? capabilityChanges(fresh ? [] : caps.from, caps.to) : [];
  if (capWords.length > 0) steps.push({ argv: ifc(n, ...capWords), why: `set ${capWords.join(" ")} on ${n}`, target: n });
  const v6 = transitions.ipv6Autoconf;
  if (v6 && v6.to !== (fresh ? false : v6.from)) {
    const argv = v6.to ? ifc(n, "inet6", "-ifdisabled", "accept_rtadv") : ifc(n, "inet6", "-accept_rtadv");
    steps.push({ argv, why: `${v6.to ? "enable" : "disable"} IPv6 autoconfiguration on ${n}`, target: n });
    // Addresses SLAAC configured outlive -accept_rtadv (until their lifetime ends): drop them now.
    if (!v6.to && !fresh) steps.push({ argv: ["release_slaac", n], why: `remove the autoconfigured IPv6 addresses of ${n}`, target: n });
  }
  if (fresh || !a.up) steps.push({ argv: ifc(n, "up"), why: `bring ${n} up`, target: n });
  // dhcp_lease (host/dhcp-lease.sh): dhclient -b, then a bounded wait for the lease; none fails the change, nothing left behind.
  if (dhcp?.to && (fresh || !dhcp.from)) steps.push({ argv: ["dhcp_lease", n], why: `start DHCP on ${n} and wait for a lease`, target: n });
  return steps;
}

/** Destroys the lagg (ports get their MAC, MTU and capabilities back) and puts ports that were down before it existed down again. */
export function planLaggRemoval(name: string, portsDownBefore: readonly string[] = []): Step[] {
  return [
    { argv: ifc(name, "destroy"), why: `destroy ${name}`, target: name },
    ...portsDownBefore.map((p) => ({ argv: ifc(p, "down"), why: `bring port ${p} back down`, target: p })),
  ];
}
