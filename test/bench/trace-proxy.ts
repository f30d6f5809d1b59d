// A tracing latency proxy: a TCP relay on 127.0.0.1 that delays every chunk by half the round-trip time in each
// direction and counts the client's flights, so a test or the bench can say how many round trips an operation
// waited for without timing anything.
//
// A flight is a burst of client-to-server bytes the client could send without hearing back: a client chunk
// starts a new flight when the server has delivered something to the client since the previous client chunk
// (the client may have been waiting for it). A flight counts as a round trip once the server has answered it:
// server bytes reached the proxy after the flight reached the server, and no later flight had reached it
// before them. So a message the client sends without waiting for anything back (an SSH_MSG_IGNORE that only
// carries a TCP ACK, the channel close after the answer) is not counted. An operation whose flights are answered N times waited N round trips; a fresh
// connection also waits the TCP handshake's one, which this proxy does not delay (its accept is local), so
// callers add it (see {@link freshConnectionRoundTrips}).
import { connect, createServer, type Server, type Socket } from "node:net";

/** What the proxy saw on one client connection. */
export interface TracedConnection {
  readonly id: number;
  /** Client flights so far, answered or not. */
  flights: number;
  /** Client flights the server has answered so far. */
  answered: number;
  /** Client-to-server chunks and their sizes, in order (for a trace dump). */
  readonly trace: { dir: "c2s" | "s2c"; bytes: number; atMs: number }[];
}

/** The round trips a fresh connection adds for the TCP handshake, which the proxy does not delay. */
export const freshConnectionRoundTrips = 1;

export class TracingProxy {
  readonly connections: TracedConnection[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly started = Date.now();

  private constructor(private readonly server: Server, readonly port: number) {}

  /** Starts a proxy to 127.0.0.1:`upstreamPort` adding `rttMs` per round trip. */
  static async start(upstreamPort: number, rttMs: number): Promise<TracingProxy> {
    let proxy: TracingProxy | undefined;
    const server = createServer({ noDelay: true, allowHalfOpen: true }, (client) => proxy?.accept(client, upstreamPort, rttMs));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    proxy = new TracingProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  /** Every client flight so far, over all connections, in the order they started. */
  private readonly allFlights: { answered: boolean }[] = [];

  /** Client flights the server answered, over every connection so far: the round trips waited for. */
  get flights(): number {
    return this.allFlights.filter((f) => f.answered).length;
  }

  private ackOnly = 0;

  /**
   * Says the client's next chunk is an ACK-only message it waits nothing for (provider/ssh's SSH_MSG_IGNORE
   * after an exec reply): it starts no flight. See {@link watchAckOnlyMessages}.
   */
  ackOnlyComing(): void {
    this.ackOnly++;
  }

  /** A mark for {@link answeredSince}: the flights started so far. */
  mark(): number {
    return this.allFlights.length;
  }

  /** Flights started after `mark` that the server has answered (an earlier operation's late flights are not). */
  answeredSince(mark: number): number {
    return this.allFlights.slice(mark).filter((f) => f.answered).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, upstreamPort: number, rttMs: number): void {
    const traced: TracedConnection = { id: this.connections.length + 1, flights: 0, answered: 0, trace: [] };
    // Flights delivered to the server and not yet answered.
    let unanswered: { answered: boolean }[] = [];
    this.connections.push(traced);
    const upstream = connect({ host: "127.0.0.1", port: upstreamPort, noDelay: true, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    let serverSpokeSinceClient = true;
    const relay = (from: Socket, to: Socket, dir: "c2s" | "s2c"): void => {
      let lastDue = 0;
      const later = (action: () => void): void => {
        const due = Math.max(Date.now() + rttMs / 2, lastDue);
        lastDue = due;
        setTimeout(action, due - Date.now());
      };
      from.on("data", (chunk: Buffer) => {
        let flight: { answered: boolean } | undefined;
        if (dir === "c2s" && this.ackOnly > 0) {
          this.ackOnly--;
        } else if (dir === "c2s") {
          if (serverSpokeSinceClient) {
            flight = { answered: false };
            traced.flights++;
            this.allFlights.push(flight);
          }
          serverSpokeSinceClient = false;
        } else if (unanswered.length > 0) {
          // Server bytes answer the latest flight delivered to it; one delivered before that and still unanswered
          // was not waited for (an ACK-only IGNORE, a channel close): the client went on without a reply to it.
          unanswered[unanswered.length - 1].answered = true;
          traced.answered++;
          unanswered = [];
        }
        traced.trace.push({ dir, bytes: chunk.length, atMs: Date.now() - this.started });
        later(() => {
          if (dir === "s2c") serverSpokeSinceClient = true;
          if (flight) unanswered.push(flight);
          if (!to.destroyed) to.write(chunk);
        });
      });
      from.on("end", () => later(() => to.end()));
    };
    relay(client, upstream, "c2s");
    relay(upstream, client, "s2c");
  }
}

/**
 * Tells `proxy` about every ACK-only SSH_MSG_IGNORE provider/ssh sends (ssh2-internals.ts sendIgnore), so the
 * count is of round trips waited for; returns the undo.
 */
export function watchAckOnlyMessages(proxy: TracingProxy): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const internals = require("../../provider/ssh/ssh2-internals") as { sendIgnore: (client: unknown) => void };
  const original = internals.sendIgnore;
  internals.sendIgnore = (client) => {
    proxy.ackOnlyComing();
    original(client);
  };
  return () => {
    internals.sendIgnore = original;
  };
}
