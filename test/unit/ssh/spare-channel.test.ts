// The spare channel's bounds, against a stand-in for ssh2's client internals (no network).
import type { Client } from "ssh2";
import { configurePool } from "../../../provider/ssh";
import type { PoolEntry } from "../../../provider/ssh/pool-entry";
import { MAX_SESSIONS, openSpare, takeSpare } from "../../../provider/ssh/spare-channel";

/** A client whose session opens are recorded and never answered. */
function fakeClient(): { client: Client; opens: number[] } {
  const opens: number[] = [];
  const client = { _chanMgr: { add: () => opens.length }, _protocol: { session: (local: number) => opens.push(local) } };
  return { client: client as unknown as Client, opens };
}

const entry = (channelsInUse: number, dead = false) => ({ channelsInUse, dead } as unknown as PoolEntry);

afterEach(() => configurePool({ spareChannels: true }));

test("a spare is opened while the connection has fewer than MaxSessions (10) session channels, counting the spare", () => {
  expect(MAX_SESSIONS).toBe(10);
  const below = fakeClient();
  const e = entry(MAX_SESSIONS - 2);
  openSpare(e, below.client);
  expect(below.opens).toHaveLength(1);
  // Only one at a time: a second call while one is coming opens nothing more.
  openSpare(e, below.client);
  expect(below.opens).toHaveLength(1);
  const at = fakeClient();
  openSpare(entry(MAX_SESSIONS - 1), at.client);
  expect(at.opens).toHaveLength(0);
});

test("no spare on a dead connection, nor when spare channels are turned off; nothing to take until one is open", () => {
  const dead = fakeClient();
  openSpare(entry(0, true), dead.client);
  expect(dead.opens).toHaveLength(0);
  configurePool({ spareChannels: false });
  const off = fakeClient();
  openSpare(entry(0), off.client);
  expect(off.opens).toHaveLength(0);
  configurePool({ spareChannels: true });
  const e = entry(0);
  openSpare(e, fakeClient().client);
  expect(takeSpare(e)).toBeUndefined();
});
