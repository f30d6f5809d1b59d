// Changing `persist` on an existing lagg between the TrueNAS middleware and rc.conf/none is refused
// (no migration): the middleware's row would outlive the change and restore the lagg at the next sync or
// boot, and rc.conf lines would never reach the middleware.
import type { PersistMode } from "../types";

type Recorded = { persist?: unknown; persisted?: { mode?: unknown } };

/** Where the lagg's configuration lives now: the recorded mode, else what its persist input implies. */
function recordedMode(olds: Recorded): string | undefined {
  const mode = olds.persisted?.mode;
  if (typeof mode === "string") return mode;
  return olds.persist === "truenas" || olds.persist === "rc.conf" || olds.persist === "none" ? olds.persist : undefined;
}

/**
 * Why changing `persist` from the recorded outputs `olds` to the new inputs is refused, or undefined.
 * "auto" follows the host (it stays with the middleware on TrueNAS), so only explicit modes are judged.
 */
export function persistChangeProblem(olds: Recorded, news: { persist?: unknown; name?: unknown }): string | undefined {
  const from = recordedMode(olds);
  const to = news.persist as PersistMode | undefined;
  if (!from || !to || to === "auto" || from === to) return undefined;
  const name = typeof news.name === "string" ? news.name : "the lagg";
  if (from === "truenas") {
    return `${name} is held by the TrueNAS middleware; persist: "${to}" would leave its database row, which restores it at the next sync or boot. Keep persist "truenas" (or "auto"), or delete it and create it again (pulumi up --replace)`;
  }
  if (to === "truenas" && from === "rc.conf") {
    return `${name} is persisted in rc.conf; persist: "truenas" does not move it into the TrueNAS middleware. Delete it and create it again (pulumi up --replace)`;
  }
  return undefined;
}
