// create, including taking over a lagg that already exists (adopt: true converges it, "observe" records it).
import { observedInputs, type LaggOutputs } from "../outputs";
import { hintsOf, observedLaggState } from "../state";
import type { LaggInputs } from "../types";
import { converge, logChanges } from "./converge";
import { observedOutputs } from "./outputs-of";
import { readLive } from "./read";
import { progress } from "./run";
import { chooseWay, wayOfReport } from "./choose-way";

/** Creates the lagg, or adopts the one that exists; the caller holds the host lock. */
export async function createLagg(news: LaggInputs): Promise<LaggOutputs> {
  if (!news.adopt) return converge({ operation: "create", news, priorDownPorts: [] });
  const seen = await readLive(news);
  const iface = seen.iface;
  if (!iface?.lagg) {
    progress(news.connection.host, `${news.name} does not exist yet: nothing to adopt, creating it`);
    return converge({ operation: "create", news, priorDownPorts: [] });
  }
  // The option words a lagg was made with cannot be read back (ifconfig prints the resulting
  // capabilities, not the words), so an adopted lagg is recorded as carrying none of them.
  const observed: LaggInputs = { ...observedInputs(news, iface), options: [], disableHardwareOffload: false };
  if (news.adopt === "observe") {
    progress(news.connection.host, `${news.name} adopted as it is, nothing changed; its live state is recorded, so the next preview shows what \`pulumi up\` would change`);
    return observedOutputs(observed, { ...seen, iface }, []);
  }
  logChanges(news, observed, "adopting, changing");
  const seenWay = wayOfReport(news, seen.outcome.persistText).mode;
  const persistedMode = seenWay === "truenas" ? seenWay : undefined;
  return converge({
    operation: "create", news, olds: observed, actual: observedLaggState(iface, hintsOf(news)),
    persistedBefore: chooseWay(news.persist, persistedMode).persistedBefore(seen.outcome.persistText), priorDownPorts: [], persistedMode,
  });
}
