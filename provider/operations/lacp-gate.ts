// When a create/update waits after the change verified (issue 10), decided from inputs and the host's state (pure).
import { LACP_TIMEOUT_DEFAULT } from "../schema";
import type { GateSpec } from "../script/spec";
import type { LaggState } from "../state";
import type { LaggInputs } from "../types";

/** Seconds other protocols wait (bounded, never failing) for carrier after ports joined. */
export const LINK_SETTLE_SEC = 3;

/**
 * The wait for one create/update that takes the host from `actual` (undefined: the lagg does not
 * exist) to `news`: an lacp lagg that gains ports or becomes lacp waits for every port's partner
 * for lacpTimeout seconds (0 = no gate), and fails otherwise; other protocols that gain ports wait
 * a few seconds for carrier so the reported status is the settled one. Nothing when no port joins.
 */
export function gateFor(news: Pick<LaggInputs, "protocol" | "ports" | "lacpTimeout">, actual?: Pick<LaggState, "protocol" | "ports">): GateSpec | undefined {
  const joined = news.ports.some((p) => !(actual?.ports ?? []).includes(p));
  const becameLacp = actual !== undefined && actual.protocol !== news.protocol;
  if (news.protocol === "lacp") {
    const wait = news.lacpTimeout ?? LACP_TIMEOUT_DEFAULT;
    return (joined || becameLacp) && wait > 0 && news.ports.length > 0 ? { lacpWaitSec: wait } : undefined;
  }
  return joined ? { linkSettleSec: LINK_SETTLE_SEC } : undefined;
}

/**
 * A stdout-line handler for one script run: turns the gate's `LACP-WAIT elapsed limit ports...`
 * markers into log lines for `log`, at most one a second (`now` in ms, injectable for tests).
 */
export function lacpProgressLogger(nonce: string, name: string, log: (message: string) => void, now: () => number = Date.now): (line: string) => void {
  const prefix = `${nonce} LACP-WAIT `;
  let last = -Infinity;
  return (line) => {
    if (!line.startsWith(prefix)) return;
    const [elapsed, limit, ...ports] = line.slice(prefix.length).trim().split(/\s+/);
    const t = now();
    if (t - last < 1000) return;
    last = t;
    log(`${name}: waiting for an LACP partner on ${ports.join(", ")} (${elapsed} s of lacpTimeout ${limit} s)`);
  };
}
