// A tracing latency proxy: a TCP relay on 127.0.0.1 that delays every chunk by half the round-trip time in each
// direction and counts the client's flights, so a test or the bench can say how many round trips an operation
// waited for without timing anything.
//
// A flight is a burst of client-to-server bytes the client could send without hearing back: a client chunk
// starts a new flight when the server has delivered something to the client since the previous client chunk
// (the client may have been waiting for it). An operation that sends N flights before its answer waits N round
// trips; a fresh connection also waits the TCP handshake's one, which this proxy does not delay (its accept is
// local), so callers add it (see {@link freshConnectionRoundTrips}).
import { connect, createServer, type Server, type Socket } from "node:net";

/** What the proxy saw on one client connection. */
export interface TracedConnection {
  readonly id: number;
  /** Client flights so far. */
  flights: number;
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

  /** Client flights over every connection so far. */
  get flights(): number {
    return this.connections.reduce((sum, c) => sum + c.flights, 0);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, upstreamPort: number, rttMs: number): void {
    const traced: TracedConnection = { id: this.connections.length + 1, flights: 0, trace: [] };
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
        if (dir === "c2s") {
          if (serverSpokeSinceClient) traced.flights++;
          serverSpokeSinceClient = false;
        }
        traced.trace.push({ dir, bytes: chunk.length, atMs: Date.now() - this.started });
        later(() => {
          if (dir === "s2c") serverSpokeSinceClient = true;
          if (!to.destroyed) to.write(chunk);
        });
      });
      from.on("end", () => later(() => to.end()));
    };
    relay(client, upstream, "c2s");
    relay(upstream, client, "s2c");
  }
}
