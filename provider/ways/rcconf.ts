// FreeBSD rc.conf: `sysrc` edits made by the apply script once the live change verified, read back as
// `sysrc -e` lines (reference/real-host-facts.md 1 and 8-10: network.subr replays them at boot).
import { parseSysrcE, rcConfInSync } from "../persist/rcconf";
import { persistedVariables } from "../operations/spec";
import { freebsdPersistedBefore, planFreebsdChange, planFreebsdRemoval } from "./freebsd";
import type { PersistWay } from "./way";

/** The rc.conf way. */
export const rcconfWay: PersistWay = {
  mode: "rc.conf",
  view(i, persistText, internal) {
    const variables = parseSysrcE(persistText);
    return { mode: "rc.conf", variables, inSync: rcConfInSync(i.name, variables, persistedVariables(i, internal?.portsToRestore ?? {})) };
  },
  persistedBefore: freebsdPersistedBefore,
  planChange: (f) => planFreebsdChange(f, true),
  planRemoval: planFreebsdRemoval,
};
