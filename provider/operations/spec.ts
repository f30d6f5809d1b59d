// Builds the ApplySpec for converging a lagg: plan, rollback plan, checks, persistence edits.
import { capabilityWords } from "../capabilities";
import { planLaggChanges, planLaggRemoval } from "../plan";
import { planRcConfEdits, rcConfVariables, rcVarNames, type RcConfEdits, type RcVars } from "../persist/rcconf";
import type { ApplySpec } from "../script";
import { gateFor } from "./lacp-gate";
import { desiredLaggState, type LaggState } from "../state";
import type { LaggInputs } from "../types";
import { addressOffArgv, addressOnArgv, movedAddresses, portLineInLagg, withPortLines, type PortRecords } from "../persist/port-lines";
import { rcName } from "../persist/boot-variables";
import { portAddressesOff, portAddressesOn, portAddressesUndone } from "../persist/port-addresses";
import type { InternalState } from "../outputs";
import type { Step } from "../step";

/** The persistence mode an inputs set resolves to before the host is seen. */
export function persistMode(i: Pick<LaggInputs, "persist">): "rc.conf" | "none" {
  return i.persist === "none" ? "none" : "rc.conf";
}

/** The rc.conf variables the inputs persist ({} when not persisted); ports keep the words of their own line they can keep. */
export function persistedVariables(i: LaggInputs, portRecords: PortRecords = {}): RcVars {
  if (persistMode(i) === "none") return {};
  const vars = rcConfVariables({ ...i, capabilityWords: capabilityWords(i) });
  for (const p of i.ports) if (portRecords[p]) vars[`ifconfig_${rcName(p)}`] = portLineInLagg(p, portRecords[p]);
  return vars;
}

/** Live settings a leaving port gets back: its MTU (it keeps the lagg's otherwise), and down when it was down. */
export function portRestoreSteps(ports: readonly string[], records: PortRecords, down: readonly string[]): Step[] {
  return ports.flatMap((p) => [
    ...(records[p]?.mtu !== undefined ? [{ argv: ["ifconfig", p, "mtu", String(records[p].mtu)], why: `give port ${p} its MTU ${records[p].mtu} back`, target: p }] : []),
    ...(down.includes(p) ? [{ argv: ["ifconfig", p, "down"], why: `bring port ${p} back down`, target: p }] : []),
  ]);
}

/** The names a script reads back to report the persisted view. */
export function reportNames(i: LaggInputs, extraPorts: readonly string[] = []): string[] {
  const ports = [...new Set([...i.ports, ...extraPorts])];
  return rcVarNames(i.name, ports);
}

export interface ConvergeArgs {
  operation: "create" | "update";
  nonce: string;
  news: LaggInputs;
  /** The previous inputs/outputs; undefined when nothing was recorded (create). */
  olds?: LaggInputs;
  /** What the host is believed to show; undefined = the lagg does not exist. */
  actual?: LaggState;
  /** Verify `actual` on the host first and change nothing on mismatch (optimistic concurrency). */
  checkActual: boolean;
  /** The persisted variables as last seen (else derived from `olds`). */
  persistedBefore?: RcVars;
  /** Ports' own configuration from before they joined (recorded, and read just now for joining ports). */
  portRecords?: PortRecords;
  /** Ports that were down before they joined: put down again when they leave. */
  downPorts?: readonly string[];
  /** Whether rc.conf had no `cloned_interfaces` before the lagg was listed (then an emptied list is unset). */
  clonedInterfacesAbsent?: boolean;
}

const expectOptions = (i: LaggInputs) => ({ dhcp: i.dhcp, ipv6Autoconf: i.ipv6Autoconf });

/**
 * The persisted view minus other interfaces' lines: a read reports the lines of ports that left the lagg
 * earlier (given back to their owner), and every port variable in the "before" view is removed when the
 * "after" view lacks it. Only the lines of `ports` (the lagg's now, joining or leaving) are the lagg's.
 */
function ownLines(before: RcVars | undefined, name: string, ports: readonly string[]): RcVars | undefined {
  if (!before) return before;
  const own = new Set([name, ...ports].map((p) => `ifconfig_${rcName(p)}`));
  return Object.fromEntries(Object.entries(before).filter(([k]) => !/^ifconfig_[a-z]+[0-9]+$/.test(k) || own.has(k)));
}

/** The input transitions of creating `news` from nothing (no options, offload, DHCP or autoconf before). */
function createTransitions(news: LaggInputs) {
  return {
    capabilityWords: { from: capabilityWords({ ...news, options: [], disableHardwareOffload: false }), to: capabilityWords(news) },
    dhcp: { from: false, to: news.dhcp },
    ipv6Autoconf: { from: false, to: news.ipv6Autoconf },
  };
}

/**
 * `edits` with an emptied `cloned_interfaces` unset when the variable was absent before the lagg was listed: a
 * delete, or an update that stops persisting (persist "none"), gives rc.conf back without a `cloned_interfaces=""`
 * line it never had.
 */
function unsetEmptiedList<E extends Pick<RcConfEdits, "cloned">>(edits: E, absentBefore: boolean | undefined): E {
  return { ...edits, cloned: edits.cloned && { ...edits.cloned, unsetIfEmpty: edits.cloned.op === "remove" && absentBefore === true } };
}

/** A create/update script spec that takes the host from `actual` to `news`, or back on failure. */
export function convergeSpec(a: ConvergeArgs): ApplySpec {
  const { news, olds, actual } = a;
  const desired = desiredLaggState(news);
  const before = olds ?? { ...news, options: [], disableHardwareOffload: false, dhcp: false, ipv6Autoconf: false };
  const transitions = (from: LaggInputs, to: LaggInputs) => ({
    capabilityWords: { from: capabilityWords(from), to: capabilityWords(to) },
    dhcp: { from: from.dhcp, to: to.dhcp },
    ipv6Autoconf: { from: from.ipv6Autoconf, to: to.ipv6Autoconf },
  });
  const records = a.portRecords ?? {};
  const leaving = (actual?.ports ?? []).filter((p) => !news.ports.includes(p));
  const joining = news.ports.filter((p) => !(actual?.ports ?? []).includes(p));
  // An address a joining port carries and the lagg is to carry moves: off the port first, so the host
  // never holds it twice; the rollback puts it back on the port.
  const moved = movedAddresses(joining, records, news.addresses);
  // The joining ports' other addresses (and DHCP) go too: their rc.conf lines lose them, so boot would.
  const own = portAddressesOff(joining, records, moved.map((m) => m.cidr));
  const laggKeeps = new Set(news.addresses.map((c) => c.split("/")[0].toLowerCase()));
  const steps = [
    ...moved.map(({ port, cidr }) => ({ argv: addressOffArgv(port, cidr), why: `move ${cidr} from ${port} to ${news.name}`, target: port })),
    ...own.steps,
    ...planLaggChanges(desired, actual, actual ? transitions(before, news) : transitions({ ...before, options: [] }, news)),
    ...portRestoreSteps(leaving, records, a.downPorts ?? []),
    // Leaving ports get their own addresses back live, as their restored lines give them at boot.
    ...leaving.flatMap((p) => portAddressesOn(p, records[p], laggKeeps)),
  ];
  // The rollback starts wherever the apply stopped, not necessarily at `desired`.
  const rollback = [
    // Leaving ports rejoin: first off with what they were given back, if it was (issue 18).
    ...leaving.flatMap((p) => portAddressesUndone(p, records[p], laggKeeps)),
    ...(actual ? planLaggChanges(actual, desired, transitions(news, before), { restore: true }) : planLaggRemoval(news.name)),
    ...moved.map(({ port, cidr }) => ({ argv: addressOnArgv(port, cidr), why: `put ${cidr} back on ${port}`, target: port })),
    // Ports the change added keep the lagg's MTU once out of it (lagg_port_destroy): give theirs back.
    ...portRestoreSteps(joining, records, []),
    ...own.rollback,
  ];
  const prevVars = ownLines(a.persistedBefore, news.name, [...news.ports, ...(actual?.ports ?? []), ...(olds?.ports ?? [])]) ?? (olds ? persistedVariables(olds, records) : undefined);
  const nextVars = persistedVariables(news, records);
  const touchesRcConf = Object.keys(nextVars).length > 0 || Object.keys(prevVars ?? {}).length > 0;
  return {
    operation: a.operation,
    name: news.name,
    nonce: a.nonce,
    mustBeAbsent: actual === undefined,
    portsToClaim: joining,
    recorded: a.checkActual && actual ? { state: actual, options: expectOptions(olds ?? news) } : undefined,
    reportDownPorts: joining,
    steps,
    rollback,
    expected: { state: desired, options: expectOptions(news) },
    rcConf: touchesRcConf ? unsetEmptiedList(withPortLines(planRcConfEdits(news.name, prevVars, nextVars), joining, leaving, records), a.clonedInterfacesAbsent) : undefined,
    reportRcVars: reportNames(news, olds?.ports),
    refuseTruenas: news.persist !== "none",
    gate: gateFor(news, actual),
    safeApply: news.safeApply
      ? {
          confirmTimeoutSec: news.confirmTimeout,
          targets: [...new Set([news.name, ...news.ports, ...(actual?.ports ?? [])])],
          addresses: [...new Set([...news.addresses, ...(actual?.addresses ?? [])])],
        }
      : undefined,
  };
}

/** The delete script spec: destroy, put formerly-down ports back down, remove persisted variables. */
export function removalSpec(nonce: string, olds: LaggInputs, internalOrDownPorts: InternalState | readonly string[], persistedBefore?: RcVars): ApplySpec {
  const internal: InternalState = Array.isArray(internalOrDownPorts) ? { downPortsToRestore: [...internalOrDownPorts] } : (internalOrDownPorts as InternalState);
  const records = internal.portsToRestore ?? {};
  const prevVars = ownLines(persistedBefore, olds.name, olds.ports) ?? persistedVariables(olds, records);
  const edits = Object.keys(prevVars).length > 0 ? withPortLines(planRcConfEdits(olds.name, prevVars, {}), [], olds.ports, records) : undefined;
  return {
    operation: "delete",
    name: olds.name,
    nonce,
    portsToClaim: [],
    skipIfAbsent: true,
    steps: [
      ...planLaggRemoval(olds.name),
      ...portRestoreSteps(olds.ports, records, internal.downPortsToRestore),
      // The ports' own addresses go back to them (those the lagg took over included), DHCP too.
      ...olds.ports.flatMap((p) => portAddressesOn(p, records[p])),
    ],
    // The destroy's inverse (issue 17): a failure after it (a port's MTU refused, rc.conf not writable: the
    // disk full) re-creates the lagg as recorded, so the host ends fully old and the "rolled back" report is
    // true (verify_restored checks it). First the ports give back what the delete gave them (their own
    // addresses, their dhclient), then the lagg is created and joined as a create does (ports up, its MTU,
    // which the ports take again), rather than rc.conf still listing a lagg that is gone live.
    rollback: [
      ...olds.ports.flatMap((p) => portAddressesUndone(p, records[p])),
      ...planLaggChanges(desiredLaggState(olds), undefined, createTransitions(olds)),
    ],
    restored: { state: desiredLaggState(olds), options: expectOptions(olds) },
    expected: undefined,
    rcConf: edits && unsetEmptiedList(edits, internal.clonedInterfacesAbsent),
    reportRcVars: reportNames(olds),
    refuseIfCarriesSession: olds.safeApply,
  };
}
