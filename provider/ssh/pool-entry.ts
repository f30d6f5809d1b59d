// Pooled connections: the per-process registry on globalThis and each entry's life (busy, idle, dead, closed).
import type { DialedConnection } from "./dial";
import type { ClientChannel } from "ssh2";

/** A spare session channel being opened (spare-channel.ts), or open and waiting to be used. */
export interface SpareChannel {
  channel?: ClientChannel;
}

/** One pooled connection (or a dial in progress) to one hop. */
export interface PoolEntry {
  id: number;
  key: string;
  ready: Promise<DialedConnection>;
  connection?: DialedConnection;
  /** Closed, broken or retired: never handed out again. */
  dead: boolean;
  closed: boolean;
  /** The connection itself ended or failed (as opposed to being retired while still working). */
  lost: boolean;
  /** Operations using it, counting those of connections tunnelled through it. */
  busy: number;
  /** Live target connections tunnelled through this one (when it is a jump host). */
  dependants: number;
  /** Aborted when nobody waits for the dial any more or the entry is closed: tears down a dial in flight. */
  abandon: AbortController;
  /** Callers awaiting `ready`, each with its progress listener. */
  waiters: ((message: string) => void)[];
  idleTimer?: NodeJS.Timeout;
  /** The jump host connection this one is tunnelled through. */
  jump?: PoolEntry;
  /** Session channels of running scripts on this connection. */
  channelsInUse: number;
  /** A session channel opened ahead for the next script (spare-channel.ts). */
  spare?: SpareChannel;
}

/** Per-process pool state. Lives on globalThis, created on first use: a provider object must hold no live state. */
export interface PoolState {
  /** Current entry per pool key. */
  byKey: Record<string, PoolEntry>;
  /** Every entry not yet closed, by id (so shutdown also reaches retired ones). */
  open: Record<number, PoolEntry>;
  nextId: number;
  idleTimeoutMs: number;
  /** Whether pooled connections keep a session channel open ahead (spare-channel.ts); default true. */
  spareChannels: boolean;
}

const GLOBAL_KEY = "__pulumiFreebsdLaggPool";
const DEFAULT_IDLE_TIMEOUT_MS = 5000;

/** The process-wide pool state, created on first call. */
export function poolState(): PoolState {
  const holder = globalThis as unknown as Record<string, PoolState | undefined>;
  return (holder[GLOBAL_KEY] ??= { byKey: {}, open: {}, nextId: 1, idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS, spareChannels: true });
}

/** Marks an operation as using `entry` (and its jump host): keeps it from idling out and keeps the process up. */
export function hold(entry: PoolEntry): void {
  entry.busy++;
  clearTimeout(entry.idleTimer);
  entry.idleTimer = undefined;
  entry.connection?.socket?.ref();
  if (entry.jump) hold(entry.jump);
}

/** Ends one {@link hold}; an entry nobody uses starts its idle timer and stops keeping the process alive. */
export function release(entry: PoolEntry): void {
  entry.busy--;
  if (entry.jump) release(entry.jump);
  settleIfUnused(entry);
}

/** Never hand `entry` out again; it is closed as soon as nothing uses it. */
export function retire(entry: PoolEntry): void {
  entry.dead = true;
  const state = poolState();
  if (state.byKey[entry.key] === entry) delete state.byKey[entry.key];
  settleIfUnused(entry);
}

/** Closes the entry's connection now. */
export function closeEntry(entry: PoolEntry): void {
  entry.dead = true;
  entry.abandon.abort();
  clearTimeout(entry.idleTimer);
  entry.idleTimer = undefined;
  const state = poolState();
  if (state.byKey[entry.key] === entry) delete state.byKey[entry.key];
  entry.connection?.client.end();
}

/** Called once the entry's client has closed: forget it and let its jump host idle. */
export function forgetClosed(entry: PoolEntry): void {
  if (entry.closed) return;
  entry.closed = true;
  entry.dead = true;
  clearTimeout(entry.idleTimer);
  const state = poolState();
  delete state.open[entry.id];
  if (state.byKey[entry.key] === entry) delete state.byKey[entry.key];
  entry.connection?.release?.();
}

/** Jump host bookkeeping for {@link DialedConnection.release}: one tunnelled connection fewer. */
export function dropDependant(jump: PoolEntry): void {
  jump.dependants--;
  settleIfUnused(jump);
}

function settleIfUnused(entry: PoolEntry): void {
  if (entry.busy > 0 || !entry.connection || entry.closed) return;
  entry.connection.socket?.unref();
  if (entry.dead) return closeEntry(entry);
  if (entry.dependants > 0 || entry.idleTimer) return;
  entry.idleTimer = setTimeout(() => closeEntry(entry), poolState().idleTimeoutMs);
  entry.idleTimer.unref();
}
