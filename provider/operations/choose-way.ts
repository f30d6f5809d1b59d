// The chooser (issue 18): which way of persisting (ways/) an operation goes through, decided once per
// operation from the inputs' `persist` and what is known of the host. The one file of operations/ that
// knows the TrueNAS way exists; every other operation reads the same for all ways.
import type { PersistedView } from "../outputs";
import { TRUENAS_WORD } from "../script/spec";
import type { LaggInputs } from "../types";
import { noneWay } from "../ways/none";
import { rcconfWay } from "../ways/rcconf";
import { isTruenasReport, truenasQueryLine, truenasWay } from "../ways/truenas";
import type { PersistWay } from "../ways/way";
import type { HostRun } from "./run";

type Mode = PersistedView["mode"];

/**
 * The way a change goes: `persist` when explicit; with "auto", the middleware when the lagg is known to
 * live there, else rc.conf, whose script refuses on a TrueNAS host (midclt found, nothing changed) so
 * that {@link wayAfterRefusal} sends the change through the middleware (plain FreeBSD hosts pay nothing).
 */
export function chooseWay(persist: LaggInputs["persist"], known?: Mode): PersistWay {
  if (persist === "none") return noneWay;
  if (persist === "truenas" || (persist === "auto" && known === "truenas")) return truenasWay;
  return rcconfWay;
}

/** The mode to go on with after `run` was refused because the host is TrueNAS CORE and persist is "auto"; else undefined. */
export function wayAfterRefusal(persist: LaggInputs["persist"], run: HostRun): Mode | undefined {
  return persist === "auto" && run.outcome.word === TRUENAS_WORD ? "truenas" : undefined;
}

/** The way whose report `persistText` is (a script's PERSIST block): the middleware's row is JSON, rc.conf's `sysrc -e` lines. */
export function wayOfReport(i: Pick<LaggInputs, "persist">, persistText: string): PersistWay {
  if (i.persist === "none") return noneWay;
  return isTruenasReport(persistText) ? truenasWay : rcconfWay;
}

/** What a read reports as persisted besides rc.conf: the middleware's row, always with persist "truenas", on hosts with midclt with "auto". */
export function persistReportOf(i: Pick<LaggInputs, "persist" | "name">): { line: string; always: boolean } | undefined {
  return i.persist === "truenas" || i.persist === "auto" ? { line: truenasQueryLine(i.name), always: i.persist === "truenas" } : undefined;
}
