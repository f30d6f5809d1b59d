// Transport faults a test can switch on and off for one simulated host.

/** When a `dropAfterExecs` fault cuts the connection. */
export type DropPoint =
  /** After the n-th exec's result (exit status, EOF, close) reached the client. */
  | "afterResult"
  /** When the n-th exec's command has finished but before the client learns its result. */
  | "beforeResult";

/**
 * The transport faults of one simulated host. Port-join and other kernel faults live on the machine.
 * Changes apply to new connections and events; they never rewrite what already happened.
 */
export class TransportFaults {
  private latency: number;
  private stall = 0;
  private authRefused = false;
  private wrongHostKey = false;
  private readonly watchedInterfaces = new Set<string>();
  private dropPlan?: { remaining: number; point: DropPoint };

  constructor(initialLatencyMs = 0) {
    this.latency = initialLatencyMs;
  }

  /** Round-trip latency added by the front proxy: each chunk is delayed by latencyMs/2 in each direction. */
  get latencyMs(): number {
    return this.latency;
  }

  /** Sets the added round-trip latency (ms). */
  setLatency(ms: number): this {
    if (!(ms >= 0)) throw new RangeError(`latency must be >= 0 ms, got ${ms}`);
    this.latency = ms;
    return this;
  }

  /** Cuts the connection carrying the n-th exec completed from now on (one-shot). */
  dropAfterExecs(n: number, point: DropPoint = "afterResult"): this {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`dropAfterExecs needs n >= 1, got ${n}`);
    this.dropPlan = { remaining: n, point };
    return this;
  }

  /** Cuts every open connection when the kernel reports a change on `ifname`. */
  dropWhenInterfaceChanges(ifname: string): this {
    this.watchedInterfaces.add(ifname);
    return this;
  }

  /** Rejects every authentication attempt. */
  refuseAuth(): this {
    this.authRefused = true;
    return this;
  }

  /** Presents a host key other than the advertised one. */
  useDifferentHostKey(): this {
    this.wrongHostKey = true;
    return this;
  }

  /** Accepts TCP connections but sends nothing for `ms`. */
  stallHandshake(ms: number): this {
    if (!(ms >= 0)) throw new RangeError(`stall must be >= 0 ms, got ${ms}`);
    this.stall = ms;
    return this;
  }

  /** Removes every transport fault, latency included. */
  clear(): this {
    this.latency = 0;
    this.stall = 0;
    this.authRefused = false;
    this.wrongHostKey = false;
    this.watchedInterfaces.clear();
    this.dropPlan = undefined;
    return this;
  }

  get stallMs(): number {
    return this.stall;
  }

  get authIsRefused(): boolean {
    return this.authRefused;
  }

  get presentsWrongHostKey(): boolean {
    return this.wrongHostKey;
  }

  /** Whether a kernel change on `ifname` must cut the host's connections. */
  cutsOnChangeOf(ifname: string): boolean {
    return this.watchedInterfaces.has(ifname);
  }

  /** Counts one completed exec; returns where to cut its connection when this is the planned one. */
  execCompleted(): DropPoint | undefined {
    if (!this.dropPlan) return undefined;
    this.dropPlan.remaining -= 1;
    if (this.dropPlan.remaining > 0) return undefined;
    const point = this.dropPlan.point;
    this.dropPlan = undefined;
    return point;
  }
}
