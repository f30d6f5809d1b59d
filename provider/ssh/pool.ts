// The connection pool: one connection per host route and credentials per process, dialled lazily, shared.
import type { Duplex } from "stream";
import type { Client } from "ssh2";
import type { Connection } from "../types";
import { abortable } from "./abortable";
import { DialedConnection, dialWithRetries, OpenedStream, openTcpStream } from "./dial";
import { endpointLabel } from "./errors";
import { poolKeyOf, ResolvedHop, resolveHop } from "./hop";
import {
  closeEntry, dropDependant, forgetClosed, hold, PoolEntry, poolState, release, retire,
} from "./pool-entry";

/** A connection lent to one operation. Call `release` exactly once when done. */
export interface Lease {
  client: Client;
  entry: PoolEntry;
  release: () => void;
}

/** How a caller waits for a connection. */
export interface AcquireOptions {
  onProgress?: (message: string) => void;
  /** Aborting stops waiting (the dial goes on while someone else waits for it). */
  signal?: AbortSignal;
}

/** Lends the pooled connection for `connection`'s route, dialling it (and its jump host) when there is none. */
export function acquire(connection: Connection, options: AcquireOptions): Promise<Lease> {
  const proxy = connection.proxy ? resolveHop(connection.proxy) : undefined;
  return leaseHop(resolveHop(connection), proxy, options);
}

/**
 * Sets how long an unused connection stays open (default 5000 ms; applies to connections going idle later), and
 * whether pooled connections keep a session channel open ahead of the next script (default true).
 */
export function configurePool(settings: { idleTimeoutMs?: number; spareChannels?: boolean }): void {
  if (settings.idleTimeoutMs !== undefined) poolState().idleTimeoutMs = settings.idleTimeoutMs;
  if (settings.spareChannels !== undefined) poolState().spareChannels = settings.spareChannels;
}

/** Closes every pooled connection and abandons dials in progress; resolves once they are closed. */
export async function closeAllConnections(): Promise<void> {
  const entries = Object.values(poolState().open);
  await Promise.all(entries.map(async (entry) => {
    closeEntry(entry);
    const connection = await entry.ready.catch(() => undefined);
    if (connection && !entry.closed) await waitForClose(entry, connection.client);
  }));
}

async function leaseHop(hop: ResolvedHop, proxy: ResolvedHop | undefined, options: AcquireOptions, jumpHostFor?: string): Promise<Lease> {
  const key = poolKeyOf(hop, proxy && poolKeyOf(proxy));
  let entry = poolState().byKey[key];
  if (!entry || entry.dead) entry = startEntry(key, hop, proxy, jumpHostFor);
  const current = entry;
  hold(current);
  const listener = options.onProgress ?? (() => undefined);
  current.waiters.push(listener);
  try {
    const { client } = await abortable(current.ready, options.signal);
    let released = false;
    const releaseOnce = () => {
      if (!released) release(current);
      released = true;
    };
    return { client, entry: current, release: releaseOnce };
  } catch (error) {
    release(current);
    throw error;
  } finally {
    current.waiters.splice(current.waiters.indexOf(listener), 1);
    // Everyone gave up on this dial: tear it down, and let the next caller start a fresh one.
    if (current.waiters.length === 0 && !current.connection) closeEntry(current);
  }
}

function startEntry(key: string, hop: ResolvedHop, proxy: ResolvedHop | undefined, jumpHostFor?: string): PoolEntry {
  const state = poolState();
  const entry: PoolEntry = {
    id: state.nextId++, key, dead: false, closed: false, lost: false, busy: 0, dependants: 0, waiters: [], channelsInUse: 0,
    abandon: new AbortController(),
    ready: undefined as unknown as Promise<DialedConnection>, // assigned below, once the entry can be referenced
  };
  state.byKey[key] = entry;
  state.open[entry.id] = entry;
  let jump: Lease | undefined;
  const openStream = proxy
    ? async (): Promise<OpenedStream> => {
      const signal = entry.abandon.signal;
      jump = await leaseHop(proxy, undefined, { onProgress: (message) => report(entry, message), signal }, endpointLabel(hop));
      return openForwarded(jump, hop, signal);
    }
    : () => openTcpStream(hop);
  entry.ready = dialWithRetries(hop, openStream, {
    onProgress: (message) => report(entry, message),
    signal: entry.abandon.signal,
    jumpHostFor,
  }).then((connection) => adopt(entry, connection, jump), (error) => {
    forgetClosed(entry);
    throw error;
  });
  // Every waiter sees the rejection through its own await; this only keeps an abandoned dial from being "unhandled".
  entry.ready.catch(() => undefined);
  return entry;
}

function adopt(entry: PoolEntry, connection: DialedConnection, jump?: Lease): DialedConnection {
  entry.connection = connection;
  if (jump) {
    // The tunnelled connection now holds the jump host for its lifetime (and for each of its operations).
    entry.jump = jump.entry;
    jump.entry.dependants++;
    for (let i = 0; i < entry.busy; i++) hold(jump.entry);
    jump.release();
    connection.release = () => dropDependant(jump.entry);
  }
  const { client } = connection;
  const lose = () => {
    entry.lost = true;
    retire(entry);
  };
  client.on("error", lose);
  client.on("end", lose);
  client.on("close", () => {
    entry.lost = true;
    forgetClosed(entry);
  });
  if (entry.dead) client.end();
  // Evaluate idleness now: every waiter may have given up during the dial.
  hold(entry);
  release(entry);
  return connection;
}

async function openForwarded(jump: Lease, hop: ResolvedHop, signal: AbortSignal): Promise<OpenedStream> {
  try {
    const stream = await forwardOut(jump.client, hop, signal);
    return { stream, release: jump.release };
  } catch (error) {
    if (/not connected|no response/i.test((error as Error).message)) retire(jump.entry);
    jump.release();
    throw error;
  }
}

/** Asks the jump host for a channel to the target, within perDialTimeout; a channel arriving late is closed. */
function forwardOut(client: Client, hop: ResolvedHop, signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    // Everything the callbacks use is declared before them: closure serialization cannot follow later declarations.
    const timeoutMs = hop.perDialTimeoutMs;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: () => void = () => undefined;
    const settle = (error?: Error, stream?: Duplex) => {
      if (settled) return stream?.destroy();
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (stream) resolve(stream);
      else reject(error);
    };
    onAbort = () => settle(new Error("the dial was abandoned: nobody waits for it any more"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    if (timeoutMs > 0) {
      timer = setTimeout(() => settle(new Error(
        `timed out after ${timeoutMs} ms waiting for the jump host to open a channel to ${hop.host}:${hop.port}`)), timeoutMs);
    }
    try {
      client.forwardOut("127.0.0.1", 0, hop.host, hop.port, (error, stream) => settle(error, error ? undefined : stream));
    } catch (error) {
      settle(error as Error);
    }
  });
}

function report(entry: PoolEntry, message: string): void {
  for (const listener of [...entry.waiters]) {
    try {
      listener(message);
    } catch {
      // A failing progress callback must not break the dial other callers wait for.
    }
  }
}


function waitForClose(entry: PoolEntry, client: Client): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.destroy();
      resolve();
    }, 1000);
    timer.unref();
    client.once("close", () => {
      clearTimeout(timer);
      forgetClosed(entry);
      resolve();
    });
  });
}
