// delete, for every way of persisting (ways/): destroy the lagg (ports get MAC/MTU/caps back), put
// formerly-down ports down, remove what is persisted and give the ports their own configuration back.
import type { RcVars } from "../persist/rcconf";
import type { LaggInputs } from "../types";
import type { InternalState, PersistedView } from "../outputs";
import type { RemovalFrom } from "../ways/way";
import { progress, throwUnlessApplied } from "./run";
import { runPlanned, SessionLost, type Ran } from "./attempt";
import { chooseWay, wayAfterRefusal } from "./choose-way";

/** Removes the lagg; succeeds without changes when it is already gone. The caller holds the host lock. */
export async function removeLagg(olds: LaggInputs, internal: InternalState, persistedBefore?: RcVars, persistedMode?: PersistedView["mode"]): Promise<void> {
  const r: RemovalFrom = { olds, internal, persistedBefore, persistedMode };
  // A lagg the middleware holds is deleted through it: raw destroy would come back at the next boot.
  const send = (from: RemovalFrom): Promise<Ran> => runPlanned(olds.connection, chooseWay(olds.persist, from.persistedMode).planRemoval(from));
  // A second loss is reported as the session error it is.
  const once = (from: RemovalFrom): Promise<Ran> => send(from).catch((e) => Promise.reject(e instanceof SessionLost ? e.lost : e));
  let ran: Ran;
  try {
    ran = await send(r);
  } catch (e) {
    if (!(e instanceof SessionLost)) throw e;
    // The orphaned script finishes on the host under the lock; running the delete again waits for
    // it, then finds the lagg gone (done) or still there (it rolled back: the reason is reported).
    progress(olds.connection.host, `the SSH session was lost during delete of ${olds.name}; reconnecting to finish it`);
    ran = await once(r);
  }
  const next = wayAfterRefusal(olds.persist, ran.run);
  if (next) ran = await once({ ...r, persistedMode: next });
  throwUnlessApplied(olds.connection, olds.name, "delete", ran.run);
  for (const n of ran.planned.notes) progress(olds.connection.host, n);
}
