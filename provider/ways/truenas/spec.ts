// Builds the TrueNAS script spec (pure): payloads, the checks, and the raw touch-ups sync leaves out.
import { capabilityChanges } from "../../plan";
import type { Step } from "../../step";
import { truenasCreatePayload, truenasOffloadProblem, truenasPortLimitProblem, truenasPrimaryProblem, truenasUpdatePayload } from "../../persist/truenas";
import type { TruenasSpec } from "../../script/truenas";
import { desiredLaggState, type LaggState } from "../../state";
import type { LaggInputs } from "../../types";
import type { InternalState } from "../../outputs";
import type { PortRecords } from "../../persist/port-lines";
import { holdsAddresses, truenasRestore, type LaggKeeps, type TruenasRestore } from "../../persist/truenas-ports";
import { gateFor } from "../../operations/lacp-gate";

/** What a TrueNAS create/update starts from. */
export interface TruenasFrom {
  operation: "create" | "update";
  news: LaggInputs;
  /** The previous inputs (update, adopt). */
  olds?: LaggInputs;
  /** What the host is believed to show; undefined = the lagg does not exist. */
  actual?: LaggState;
  /** The recorded internal state: the ports' own middleware rows (issue 12). */
  internal?: InternalState;
}

/** The interface.update payloads that give `leaving` ports their recorded rows back (ports without a recorded row: none). */
export function truenasRestores(leaving: readonly string[], records: PortRecords | undefined, lagg: LaggKeeps): TruenasRestore[] {
  return leaving.flatMap((p) => {
    const row = records?.[p]?.truenas?.row;
    return row ? [truenasRestore(p, row, lagg)] : [];
  });
}

/**
 * Raw ifconfig after the commit for what the middleware's sync does not undo: it sets a description
 * only when the row has one, and replays `options` words without reverting words that were dropped.
 * Both leave the kernel as the database now says it is at the next boot.
 */
function settleSteps(f: TruenasFrom): Step[] {
  const { news } = f;
  const steps: Step[] = [];
  const oldDescription = f.actual?.description ?? f.olds?.description ?? "";
  if (news.description === "" && oldDescription !== "") {
    steps.push({ argv: ["ifconfig", news.name, "-description"], why: `clear the description of ${news.name}`, target: news.name });
  }
  const dropped = capabilityChanges(f.olds?.options ?? [], news.options).filter((w) => !news.options.includes(w));
  if (dropped.length > 0) steps.push({ argv: ["ifconfig", news.name, ...dropped], why: `revert dropped options on ${news.name}: ${dropped.join(" ")}`, target: news.name });
  return steps;
}

/**
 * After a delete's commit: a restored port's MTU. The commit's configure() of the port's row runs while
 * the port is still in the lagg (sync destroys the lagg, which is no longer in the database, only after
 * configuring every row: plugins/network.py sync, TN-13.3-U1.2), where setting its MTU fails (EINVAL, only
 * logged); the port then keeps the lagg's MTU until the next sync. This sets what the row says now.
 */
function restoredMtuStep(port: string, mtu: number | null): Step {
  const value = String(mtu ?? 1500);
  return { argv: ["ifconfig", port, "mtu", value], why: `give ${port} its MTU back (${value}, its row's)`, target: port };
}

/**
 * After a delete's or an update's commit: the MTU of a leaving port that had no row of its own. The
 * middleware gives it none back: it has no row (interface.delete also drops the members' rows,
 * delete_network_interface), and sync's unconfigure() of an
 * interface not in the database removes its addresses and dhclient and brings it down, never touching its
 * MTU (plugins/network.py sync, plugins/interface/configure.py unconfigure, TN-13.0-U6.8); the kernel leaves
 * it the lagg's (sys/net/if_lagg.c lagg_port_destroy restores type, ioctl and lladdr, not the MTU; the old MTU
 * is put back only when the port's attach fails). At the next boot the port, in no row, keeps its driver's
 * default, 1500 (ETHERMTU; inferred for the usual NIC drivers): this sets that now, so the live host is the
 * host a reboot gives.
 */
function rowlessMtuStep(port: string): Step {
  return { argv: ["ifconfig", port, "mtu", "1500"], why: `give ${port} its MTU back (1500: it has no row, as at boot)`, target: port };
}

/** Every reason the middleware cannot honour the inputs, joined; undefined when there is none. */
export function truenasRefusal(news: LaggInputs): string | undefined {
  const why = [truenasPortLimitProblem(news), truenasOffloadProblem(news), truenasPrimaryProblem(news)].filter((w) => w !== undefined);
  return why.length > 0 ? why.join("; ") : undefined;
}

/**
 * The create/update spec: upsert the middleware's row, commit, verify, check in. `joining`: the joining
 * ports' records as the read before the script found them (their rows' addresses are cleared first).
 */
export function truenasApplySpec(f: TruenasFrom, nonce: string, joining?: PortRecords): TruenasSpec {
  const { news, actual } = f;
  const leaving = (actual?.ports ?? f.olds?.ports ?? []).filter((p) => !news.ports.includes(p));
  const restores = truenasRestores(leaving, f.internal?.portsToRestore, { addresses: news.addresses, dhcp: news.dhcp, ipv6Autoconf: news.ipv6Autoconf });
  return {
    operation: f.operation,
    name: news.name,
    nonce,
    mustBeAbsent: f.operation === "create" && !news.adopt,
    // Optimistic concurrency as on the rc.conf path: a host that no longer shows what was recorded changes nothing (drift).
    recorded: actual ? { state: actual, options: { dhcp: (f.olds ?? news).dhcp, ipv6Autoconf: (f.olds ?? news).ipv6Autoconf } } : undefined,
    portsToClaim: news.ports.filter((p) => !(actual?.ports ?? []).includes(p)),
    clearPortRows: Object.entries(joining ?? {}).filter(([, r]) => r.truenas && holdsAddresses(r.truenas)).map(([p]) => p),
    restoreRows: restores,
    payload: { create: truenasCreatePayload(news), update: truenasUpdatePayload(news) },
    refusal: truenasRefusal(news),
    keepManagementInterface: news.truenasKeepManagementInterface === true,
    ports: [...news.ports],
    primary: news.protocol === "failover" && news.ports.length > 1 ? news.ports[0] : undefined,
    // A leaving port with a row gets its MTU from configure(), which sync runs after lag_setup took the
    // port out; one without keeps the lagg's (unconfigure() leaves the MTU alone), as on delete.
    settle: [...settleSteps(f), ...leaving.filter((p) => !restores.some((r) => r.port === p)).map(rowlessMtuStep)],
    expected: { state: desiredLaggState(news), options: { dhcp: news.dhcp, ipv6Autoconf: news.ipv6Autoconf } },
    checkinTimeoutSec: news.confirmTimeout,
    gate: gateFor(news, actual),
    safeApply: news.safeApply
      ? {
          targets: [...new Set([news.name, ...news.ports, ...(actual?.ports ?? [])])],
          addresses: [...new Set([...news.addresses, ...(actual?.addresses ?? [])])],
        }
      : undefined,
  };
}

/** The delete spec: interface.delete, commit, verify the lagg is gone, check in. */
export function truenasRemovalSpec(olds: LaggInputs, nonce: string, internal?: InternalState): TruenasSpec {
  const restores = truenasRestores(olds.ports, internal?.portsToRestore, { addresses: [], dhcp: false, ipv6Autoconf: false });
  return {
    operation: "delete",
    name: olds.name,
    nonce,
    portsToClaim: [],
    // interface.delete takes the members' rows with it (delete_network_interface): write back the recorded ones.
    restoreRows: restores,
    settle: olds.ports.map((p) => {
      const restore = restores.find((r) => r.port === p);
      return restore ? restoredMtuStep(p, restore.payload.mtu as number | null) : rowlessMtuStep(p);
    }),
    expected: undefined,
    checkinTimeoutSec: olds.confirmTimeout,
    refuseIfCarriesSession: olds.safeApply,
    keepManagementInterface: olds.truenasKeepManagementInterface === true,
  };
}
