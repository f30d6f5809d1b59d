// In-process mutual exclusion per host: operations on one host run one at a time, other hosts in parallel.
import type { Connection } from "../types";
import { routeLabel } from "./hop";

const GLOBAL_KEY = "__pulumiFreebsdLaggHostLocks";

/** Tail of each host's queue; a plain object on globalThis, created on first use (nothing live at deploy time). */
function lockTails(): Record<string, Promise<void>> {
  const holder = globalThis as unknown as Record<string, Record<string, Promise<void>> | undefined>;
  return (holder[GLOBAL_KEY] ??= {});
}

/**
 * Runs `fn` once every earlier `withHostLock` call for the same host (`user@host:port`, and the jump host when
 * there is one) has finished, in call order. Calls for different hosts do not wait for each other. A failing
 * `fn` releases the lock like a succeeding one.
 */
export async function withHostLock<T>(connection: Connection, fn: () => Promise<T>): Promise<T> {
  const tails = lockTails();
  const key = routeLabel(connection);
  const previous = tails[key] ?? Promise.resolve();
  let unlock!: () => void;
  const mine = new Promise<void>((resolve) => (unlock = resolve));
  const tail = previous.then(() => mine);
  tails[key] = tail;
  await previous;
  try {
    return await fn();
  } finally {
    unlock();
    if (tails[key] === tail) delete tails[key];
  }
}
