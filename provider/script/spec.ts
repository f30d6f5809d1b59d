// What one apply script must do: the contract between the (pure) provider core and the renderer.
import type { Step } from "../step";
import type { RcConfEdits } from "../persist/rcconf";
import type { LaggState } from "../state";
import type { ExpectOptions } from "./expect";

/** Script exit codes (and the word on the RESULT marker line). */
export const RESULT = { ok: 0, drift: 3, preflight: 4, rolledBack: 5, rollbackFailed: 6, unknown: 10, lockBusy: 75 } as const;

/**
 * The RESULT word of the TrueNAS refusal (code 4, preflight): with persist "auto" the provider runs
 * the TrueNAS script instead, so plain FreeBSD hosts pay nothing for the detection.
 */
export const TRUENAS_WORD = "truenas";

/** A lagg state plus how strictly to compare addresses. */
export interface ExpectedState {
  state: LaggState;
  options?: ExpectOptions;
}

/** Everything one apply script does, decided by the (pure) provider core. */
export interface ApplySpec {
  operation: "create" | "update" | "delete";
  name: string;
  /** Unique per run, so markers cannot collide with anything the host prints. */
  nonce: string;
  /** create: the lagg must not exist yet. */
  mustBeAbsent?: boolean;
  /** Ports being added: each must exist and must not be a port of another lagg. */
  portsToClaim: string[];
  /** The state Pulumi recorded; on mismatch the script changes nothing and exits with `drift`. */
  recorded?: ExpectedState;
  /** create: report which of these ports are down now (delete puts them back down). */
  reportDownPorts?: string[];
  steps: Step[];
  /** Undo steps, run (best effort) when apply, verify or persist fails. */
  rollback: Step[];
  /**
   * The state the rollback must bring back when it is not `recorded` (delete: the lagg as recorded, which
   * the rollback re-creates). Without either, a failed create must leave the lagg absent.
   */
  restored?: ExpectedState;
  /** The state to verify after apply; undefined means the lagg must be gone. */
  expected?: ExpectedState;
  /** rc.conf edits (after the live change verified); snapshotted and restored on rollback. */
  rcConf?: RcConfEdits;
  /** rc.conf variables to print at the end (the persisted view for outputs). */
  reportRcVars?: string[];
  /** delete: succeed without changes when the lagg is already gone. */
  skipIfAbsent?: boolean;
  /** Refuse (preflight) on TrueNAS CORE, whose middleware undoes raw ifconfig changes. */
  refuseTruenas?: boolean;
  /**
   * Commit-confirmed mode when the change touches the interface carrying the SSH session: the
   * change runs detached with a rollback timer, and is persisted only once confirmed.
   */
  safeApply?: { confirmTimeoutSec: number; targets: string[]; addresses: string[] };
  /**
   * delete: refuse (preflight) when the SSH session arrives on an address of the lagg. A destroy
   * cannot be commit-confirmed (nothing is left to confirm over), so it must not cut the session.
   */
  refuseIfCarriesSession?: boolean;
  /** Seconds to wait for the host-side lock. */
  lockTimeoutSec?: number;
  /** What to wait for after the change verified, before persisting (host/lacp-gate.sh). */
  gate?: GateSpec;
}

/**
 * The wait after a verified change (issue 10): `lacpWaitSec` gates success on every port having an
 * LACP partner (lacpTimeout; 0 = no gate); `linkSettleSec` (other protocols, ports added) waits,
 * bounded and never failing, for carrier so the reported status shows the ports carrying traffic.
 */
export interface GateSpec {
  lacpWaitSec?: number;
  linkSettleSec?: number;
}

/** Shell assignments for {@link GateSpec} (read by lacp_wait in host/lacp-gate.sh). */
export function renderGateVars(s: GateSpec | undefined): string {
  return `LACP_WAIT=${Math.max(0, Math.floor(s?.lacpWaitSec ?? 0))}; LINK_SETTLE=${Math.max(0, Math.floor(s?.linkSettleSec ?? 0))}`;
}
