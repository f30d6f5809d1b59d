// persist: "none": a deliberate live-only change. The same apply script as rc.conf's without its edits
// (convergeSpec persists nothing for "none"); nothing is persisted, so nothing can be out of sync, and no
// port line is recorded as "given back" (none is written or restored).
import { parseSysrcE } from "../persist/rcconf";
import { freebsdPersistedBefore, planFreebsdChange, planFreebsdRemoval } from "./freebsd";
import type { PersistWay } from "./way";

/** The live-only way. */
export const noneWay: PersistWay = {
  mode: "none",
  view: (_i, persistText) => ({ mode: "none", variables: parseSysrcE(persistText), inSync: true }),
  persistedBefore: freebsdPersistedBefore,
  planChange: (f) => planFreebsdChange(f, false),
  planRemoval: planFreebsdRemoval,
};
