// Builds the TrueNAS script spec (pure): payloads, the checks, and the raw touch-ups sync leaves out.
import { capabilityChanges, type Step } from "../plan";
import { truenasCreatePayload, truenasOffloadProblem, truenasPortLimitProblem, truenasPrimaryProblem, truenasUpdatePayload } from "../persist/truenas";
import type { TruenasSpec } from "../script/truenas";
import { desiredLaggState, type LaggState } from "../state";
import type { LaggInputs } from "../types";
import { gateFor } from "./lacp-gate";

/** What a TrueNAS create/update starts from. */
export interface TruenasFrom {
  operation: "create" | "update";
  news: LaggInputs;
  /** The previous inputs (update, adopt). */
  olds?: LaggInputs;
  /** What the host is believed to show; undefined = the lagg does not exist. */
  actual?: LaggState;
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

/** Every reason the middleware cannot honour the inputs, joined; undefined when there is none. */
export function truenasRefusal(news: LaggInputs): string | undefined {
  const why = [truenasPortLimitProblem(news), truenasOffloadProblem(news), truenasPrimaryProblem(news)].filter((w) => w !== undefined);
  return why.length > 0 ? why.join("; ") : undefined;
}

/** The create/update spec: upsert the middleware's row, commit, verify, check in. */
export function truenasApplySpec(f: TruenasFrom, nonce: string): TruenasSpec {
  const { news, actual } = f;
  return {
    operation: f.operation,
    name: news.name,
    nonce,
    mustBeAbsent: f.operation === "create" && !news.adopt,
    portsToClaim: news.ports.filter((p) => !(actual?.ports ?? []).includes(p)),
    payload: { create: truenasCreatePayload(news), update: truenasUpdatePayload(news) },
    refusal: truenasRefusal(news),
    keepManagementInterface: news.truenasKeepManagementInterface === true,
    ports: [...news.ports],
    primary: news.protocol === "failover" && news.ports.length > 1 ? news.ports[0] : undefined,
    settle: settleSteps(f),
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
export function truenasRemovalSpec(olds: LaggInputs, nonce: string): TruenasSpec {
  return {
    operation: "delete",
    name: olds.name,
    nonce,
    portsToClaim: [],
    settle: [],
    expected: undefined,
    checkinTimeoutSec: olds.confirmTimeout,
    refuseIfCarriesSession: olds.safeApply,
    keepManagementInterface: olds.truenasKeepManagementInterface === true,
  };
}
