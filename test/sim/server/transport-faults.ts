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
  private refusalsLeft = 0;
  private dropBefore?: number;
  private refusedCount = 0;

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

  /**
   * Cuts the connection carrying the n-th exec request from now the moment it arrives, before its command
   * starts (one-shot; ssh2 mode only: under sshd, OpenSSH starts the command itself). Nothing runs and no exec
   * is recorded: what a client sees when the path dies between sending the request and the host starting it.
   */
  dropBeforeExec(n: number): this {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`dropBeforeExec needs n >= 1, got ${n}`);
    this.dropBefore = n;
    return this;
  }

  /** Counts one arriving exec request; true when its connection must be cut before it runs (called by the server). */
  execArriving(): boolean {
    if (this.dropBefore === undefined) return false;
    if (--this.dropBefore > 0) return false;
    this.dropBefore = undefined;
    return true;
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

  /**
   * Refuses the next `k` TCP connections: each is closed right after it is accepted, before any SSH byte
   * (what a client sees of a host whose sshd is restarting: the dial fails and is retried, as a refused one).
   */
  refuseConnections(k: number): this {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`refuseConnections needs k >= 0, got ${k}`);
    this.refusalsLeft = k;
    return this;
  }

  /** Connections refused by refuseConnections so far. */
  get refused(): number {
    return this.refusedCount;
  }

  /** Consumes one planned refusal; true when this new connection must be refused (called by the front proxy). */
  takeRefusal(): boolean {
    if (this.refusalsLeft <= 0) return false;
    this.refusalsLeft -= 1;
    this.refusedCount += 1;
    return true;
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
    this.refusalsLeft = 0;
    this.dropBefore = undefined;
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
