// The TCP front door of a simulated host: latency, stalled handshakes, refusals and cut connections.
import { connect, createServer, type Server, type Socket } from "node:net";

/** One client connection as the proxy sees it. */
export interface ProxiedConnection {
  readonly id: number;
  readonly clientIp: string;
  readonly clientPort: number;
  /** Local port of the proxy's socket to the SSH server (what the server sees as the client port). */
  upstreamLocalPort?: number;
  /** Set once the connection has been cut. */
  cut: boolean;
}

/** How a cut looks from the server side. */
export type CutMode =
  /** The path died silently (address gone): the client is reset, the server side stays open for a while, so
   * the session's commands keep running and finish, as they do behind a dead path on a real host. */
  | "linger"
  /** Both sides are closed at once (reboot, dropped connection). */
  | "close";

export interface FrontProxyOptions {
  /** Listening port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Upstream port for a new connection, or undefined to refuse it (closed right after accept). */
  route(): number | undefined;
  /** Added delay per chunk and direction is latencyMs()/2, so one round trip costs latencyMs(). */
  latencyMs(): number;
  /** How long a new connection is held before anything is forwarded (0 = not at all). */
  stallMs(): number;
  /** How long the server side of a "linger" cut stays open. Default 30 s. */
  lingerMs?: number;
}

interface Link {
  info: ProxiedConnection;
  /** Set by cutAfterReply: cut at the first client chunk after the server has sent something. */
  armed?: { serverSpoke: boolean };
  client: Socket;
  upstream?: Socket;
  timers: Set<NodeJS.Timeout>;
}

/** A userspace TCP proxy in front of an SSH server. */
export class FrontProxy {
  private readonly links = new Map<number, Link>();
  private nextId = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FrontProxyOptions,
    /** The public port clients connect to. */
    readonly port: number,
  ) {}

  static async start(options: FrontProxyOptions): Promise<FrontProxy> {
    const server = createServer({ allowHalfOpen: true, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const proxy = new FrontProxy(server, options, (server.address() as { port: number }).port);
    server.on("connection", (socket) => proxy.accept(socket));
    return proxy;
  }

  /** Open (not cut) connections. */
  get open(): ProxiedConnection[] {
    return [...this.links.values()].filter((l) => !l.info.cut).map((l) => l.info);
  }

  /** The connection whose upstream socket has this local port (how servers map a session to its client). */
  byUpstreamPort(port: number): ProxiedConnection | undefined {
    return [...this.links.values()].find((l) => l.info.upstreamLocalPort === port)?.info;
  }

  /** Cuts one connection: the client sees a reset. */
  cut(id: number, mode: CutMode): void {
    const link = this.links.get(id);
    if (!link || link.info.cut) return;
    link.info.cut = true;
    link.client.resetAndDestroy();
    if (mode === "close" || !link.upstream) {
      this.forget(link);
      return;
    }
    const upstream = link.upstream;
    upstream.removeAllListeners("data");
    upstream.on("data", () => undefined);
    upstream.resume();
    this.later(link, this.options.lingerMs ?? 30_000, () => this.forget(link));
  }

  /**
   * Cuts the connection once the server has answered and the client reacts: at the first client-to-server
   * chunk after server-to-client data (for an exec, the client's channel close after exit-status/EOF/close),
   * which is not forwarded. So the client has the complete answer when the connection dies.
   */
  cutAfterReply(id: number): void {
    const link = this.links.get(id);
    if (link && !link.info.cut) link.armed = { serverSpoke: false };
  }

  /** Cuts every open connection. */
  cutAll(mode: CutMode): void {
    for (const id of [...this.links.keys()]) this.cut(id, mode);
  }

  async close(): Promise<void> {
    for (const link of [...this.links.values()]) {
      link.client.destroy();
      this.forget(link);
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on("error", () => undefined);
    const upstreamPort = this.options.route();
    if (upstreamPort === undefined) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    client.pause();
    const info: ProxiedConnection = {
      id: ++this.nextId,
      clientIp: client.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
      clientPort: client.remotePort ?? 0,
      cut: false,
    };
    const link: Link = { info, client, timers: new Set() };
    this.links.set(info.id, link);
    client.on("close", () => {
      if (!info.cut) this.forget(link);
    });
    const stall = this.options.stallMs();
    if (stall > 0) this.later(link, stall, () => this.connectUpstream(link, upstreamPort));
    else this.connectUpstream(link, upstreamPort);
  }

  private connectUpstream(link: Link, port: number): void {
    if (link.client.destroyed) return this.forget(link);
    const upstream = connect({ host: "127.0.0.1", port, allowHalfOpen: true, noDelay: true });
    link.upstream = upstream;
    upstream.on("error", () => link.client.destroy());
    upstream.on("close", () => {
      if (!link.info.cut) link.client.destroy();
      this.forget(link);
    });
    upstream.once("connect", () => {
      link.info.upstreamLocalPort = upstream.localPort;
      this.relay(link, link.client, upstream, "toServer");
      this.relay(link, upstream, link.client, "toClient");
      link.client.resume();
    });
  }

  /** Copies `from` to `to`, each chunk delayed by half the current latency, order preserved. */
  private relay(link: Link, from: Socket, to: Socket, direction: "toServer" | "toClient"): void {
    let lastDue = 0;
    const deliver = (action: () => void): void => {
      const delay = this.options.latencyMs() / 2;
      const due = Math.max(Date.now() + delay, lastDue);
      lastDue = due;
      if (delay <= 0 && due <= Date.now()) action();
      else this.later(link, due - Date.now(), action);
    };
    from.on("data", (chunk) => {
      if (link.armed?.serverSpoke && direction === "toServer") return this.cut(link.info.id, "close");
      const armed = direction === "toClient" ? link.armed : undefined;
      deliver(() => {
        if (armed) armed.serverSpoke = true;
        if (!to.destroyed && !to.write(chunk)) {
          from.pause();
          to.once("drain", () => from.resume());
        }
      });
    });
    from.on("end", () => deliver(() => to.end()));
  }

  private later(link: Link, ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      link.timers.delete(timer);
      action();
    }, Math.max(0, ms));
    link.timers.add(timer);
  }

  private forget(link: Link): void {
    link.timers.forEach(clearTimeout);
    link.timers.clear();
    link.upstream?.destroy();
    link.client.destroy();
    this.links.delete(link.info.id);
  }
}
