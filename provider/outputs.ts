// Outputs: every input plus what the host showed, JSON-safe (the engine's Struct rejects undefined).
import type { IfconfigInterface } from "./ifconfig/types";
import { hintsOf, observedLaggState, type LaggState } from "./state";
import type { LaggInputs, LaggStatus } from "./types";
import type { PortRecords } from "./persist/port-lines";
import { lacpStatusOf } from "./lacp-status";
import type { TruenasPortRow } from "./persist/truenas-ports";

/** TrueNAS: ports that left with part of their recorded row withheld (the lagg held it), by port. */
export type WithheldRows = Record<string, { row: TruenasPortRow; withheld: string[] }>;

/** How the lagg is persisted, and what was found persisted at the last operation. */
export interface PersistedView {
  mode: "rc.conf" | "truenas" | "none";
  /** The persisted variables as read back (rc.conf: sysrc names to values). */
  variables: Record<string, string>;
  /** False when the persisted config no longer matches the inputs (rc.conf edited by hand). */
  inSync: boolean;
}

/** Bookkeeping the provider needs on later operations; not for programs (its shape may change). */
export interface InternalState {
  /** Ports that were down before the lagg claimed them; delete puts them back down. */
  downPortsToRestore: string[];
  /** Ports' own rc.conf lines and MTU from before they joined; given back when they leave (update or delete). */
  portsToRestore?: PortRecords;
  /** `cloned_interfaces` was absent before the lagg was created: delete removes it again when it is left empty. */
  clonedInterfacesAbsent?: boolean;
  /** TrueNAS: what leaving ports could not get back while the lagg held it; given back once it does not. */
  withheldRows?: WithheldRows;
}

/** The resource's outputs. */
export interface LaggOutputs extends LaggInputs {
  status: LaggStatus;
  persisted: PersistedView;
  /** `SHA256:...` of the host key of the machine the lagg lives on: its identity across address changes. */
  hostKeyFingerprint?: string;
  internalState: InternalState;
  /** Written by earlier versions as a top-level output; read from old state, never written. */
  priorDownPorts?: string[];
}

/** The ports delete must put back down, from current or old (top-level `priorDownPorts`) state. */
export function downPortsToRestore(outputs: Partial<LaggOutputs>): string[] {
  return outputs.internalState?.downPortsToRestore ?? outputs.priorDownPorts ?? [];
}

/** The internal state from current or old state (old: only the down ports). */
export function internalStateOf(outputs: Partial<LaggOutputs>): InternalState {
  return { ...outputs.internalState, downPortsToRestore: downPortsToRestore(outputs) };
}

/**
 * Whether an lacp port has a real partner: COLLECTING and DISTRIBUTING, and the actor state not
 * DEFAULTED. On a kernel whose lacp_select still aggregates DEFAULTED ports (10.4) a non-strict port
 * without a partner shows the optimistic admin partner (ACTIVE,COLLECTING,DISTRIBUTING with DEFAULTED):
 * not negotiated either (lacp-status.ts). The host-side gate (lacp_pending in script/host/lacp-gate.sh)
 * applies the same rule.
 */
export function lacpNegotiated(p: { flags: readonly string[]; lacpState?: readonly string[] }): boolean {
  return p.flags.includes("COLLECTING") && p.flags.includes("DISTRIBUTING") && !(p.lacpState ?? []).includes("DEFAULTED");
}

/** Observed facts for the `status` output. */
export function laggStatus(iface: IfconfigInterface): LaggStatus {
  const lacp = iface.lagg?.protocol === "lacp";
  const ports = (iface.lagg?.ports ?? []).map((p) => ({
    name: p.name,
    flags: [...p.flags],
    active: p.flags.includes("ACTIVE"),
    primary: p.flags.includes("MASTER"),
    negotiated: lacp && lacpNegotiated(p),
    ...(lacp && p.lacpState ? { lacpState: [...p.lacpState] } : {}),
  }));
  // lagg_port2req (sys/net/if_lagg.c) sets ACTIVE per protocol: failover only on lagg_link_active()'s port,
  // lacp only in the active aggregator. The kernel's "active ports:" count (SIOCGLAGGOPTS ro_active) is, outside
  // lacp, the number of LAGG_PORTACTIVE ports (link up): in failover every healthy port, not the one in use.
  const activePorts = ports.filter((p) => p.active).map((p) => p.name);
  return {
    ports,
    activePorts,
    activePortCount: activePorts.length,
    ether: iface.ether ?? "",
    lacpNegotiated: ports.some((p) => p.negotiated),
    ...(lacp ? { lacp: lacpStatusOf(ports) } : {}),
  };
}

/** Keeps `recorded`'s order when the observed list holds the same members (order carries no meaning there). */
function keepOrder(observed: string[], recorded: readonly string[], primaryMatters: boolean): string[] {
  const same = observed.length === recorded.length && observed.every((x) => recorded.includes(x));
  if (!same) return observed;
  if (primaryMatters && observed[0] !== recorded[0]) return observed;
  return [...recorded];
}

/**
 * Puts what the host shows into the input fields, so a refresh followed by a preview shows drift
 * exactly. Options the inputs leave to the host default (undefined) stay undefined.
 */
export function observedInputs(inputs: LaggInputs, iface: IfconfigInterface): LaggInputs {
  const o = observedLaggState(iface, hintsOf(inputs)) as LaggState;
  const keepIfManaged = <T>(want: T | undefined, seen: T | undefined): T | undefined => (want === undefined ? undefined : (seen ?? want));
  return {
    ...inputs,
    protocol: o.protocol as LaggInputs["protocol"],
    ports: keepOrder(o.ports, inputs.ports, o.protocol === "failover"),
    mtu: o.mtu,
    description: o.description,
    addresses: keepOrder(o.addresses, inputs.addresses, false),
    hash: o.hash.length > 0 ? (o.hash as LaggInputs["hash"]) : inputs.hash,
    lacpFastTimeout: o.protocol === "lacp" && o.lacpFastTimeout !== undefined ? o.lacpFastTimeout : inputs.lacpFastTimeout,
    lacpStrict: keepIfManaged(inputs.lacpStrict, o.lacpStrict),
    useFlowid: keepIfManaged(inputs.useFlowid, o.useFlowid),
    flowidShift: keepIfManaged(inputs.flowidShift, o.flowidShift),
    rrLimit: keepIfManaged(inputs.rrLimit, o.rrLimit),
  };
}

/** Drops undefined members (recursively), which the engine's Struct conversion cannot carry. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
