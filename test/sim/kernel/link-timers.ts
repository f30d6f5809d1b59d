// Hosts that take time: carrier comes some time after `up` (autonegotiation), and an LACP port reaches
// COLLECTING,DISTRIBUTING some time after it joins or its link comes up (the partner's LACPDUs, the mux
// machine's AGGREGATE_WAIT_TIME). Real wall-clock timers in the long-lived simulator process.
//
// Sources: sys/net/ieee8023ad_lacp.c (FreeBSD 14, sobomax/freebsd14_vendor): lacp_linkstate() disables a
// port without link; lacp_tick() runs the state machines once a second only while the lagg runs
// (lacp_init/lacp_stop); the mux waits LACP_AGGREGATE_WAIT_TIME (2 s) in WAITING. How long autonegotiation
// and a partner take is general knowledge, not read from one file (real-host-facts.md 6): the delays are
// options, 0 (instant) by default.
import type { Kernel } from "./kernel";
import { isUp, portActive } from "./link";
import type { SimInterface } from "./types";

/** How long a simulated host takes; 0 = instant. */
export interface KernelTiming {
  /** Carrier is reported this many ms after a NIC with a cable is brought up. */
  linkDelayMs?: number;
  /** A port with a partner is COLLECTING,DISTRIBUTING this many ms after it joins or gets link. */
  lacpDelayMs?: number;
}

type TimerKind = "link" | "lacp";

/** Whether a NIC would have link now if the driver were instant: IFF_UP and a cable. */
function linkWanted(iface: SimInterface): boolean {
  return iface.kind === "ether" && iface.carrier && isUp(iface);
}

/** Whether a port would be negotiated now if the partner answered at once. */
function lacpWanted(port: SimInterface): boolean {
  const lagg = port.member?.lagg;
  return !!lagg && lagg.lagg?.proto === "lacp" && isUp(lagg) && portActive(port) && port.lacpPartner;
}

/**
 * Holds link and LACP negotiation back for the configured delays. `update` runs after every kernel state
 * change: a condition that stops holding resets its clock; one that starts holding arms a timer, whose
 * expiry releases the state and notifies the kernel (so change records and flap counting see it).
 */
export class LinkTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** States whose delay has run out while their condition kept holding. */
  private readonly released = new Set<string>();
  private disposed = false;

  constructor(private readonly timing: KernelTiming) {}

  /** Recomputes every interface's pending state; called from Kernel.notify before anything reads it. */
  update(kernel: Kernel): void {
    const linkDelay = this.timing.linkDelayMs ?? 0;
    const lacpDelay = this.timing.lacpDelayMs ?? 0;
    for (const iface of kernel.list()) {
      if (iface.kind !== "ether") continue;
      this.track(kernel, iface, "link", linkDelay, linkWanted(iface));
      this.track(kernel, iface, "lacp", lacpDelay, lacpWanted(iface));
    }
  }

  /** Releases every pending state now (a host that has been running for a while, a collapsed boot). */
  settle(kernel: Kernel, name?: string): void {
    for (const kind of ["link", "lacp"] as const) {
      for (const iface of kernel.list()) {
        if (name !== undefined && iface.name !== name) continue;
        if (this.timers.has(this.key(iface, kind))) this.release(kernel, iface, kind);
      }
      if (kind === "link") this.update(kernel);
    }
  }

  /** Cancels every timer (the kernel is gone: reboot or shutdown). */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private key(iface: SimInterface, kind: TimerKind): string {
    return `${kind}:${iface.index}`;
  }

  private track(kernel: Kernel, iface: SimInterface, kind: TimerKind, delayMs: number, wanted: boolean): void {
    const field = kind === "link" ? "linkPending" : "lacpPending";
    const key = this.key(iface, kind);
    if (delayMs <= 0) {
      iface[field] = undefined;
      return;
    }
    if (!wanted) {
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      this.released.delete(key);
      iface[field] = true;
      return;
    }
    if (this.released.has(key)) {
      iface[field] = undefined;
      return;
    }
    iface[field] = true;
    if (this.timers.has(key) || this.disposed) return;
    const timer = setTimeout(() => this.release(kernel, iface, kind), delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  private release(kernel: Kernel, iface: SimInterface, kind: TimerKind): void {
    const key = this.key(iface, kind);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.disposed || kernel.find(iface.name) !== iface) return;
    this.released.add(key);
    if (kind === "link") iface.linkPending = undefined;
    else iface.lacpPending = undefined;
    kernel.notify(iface, kind === "link" ? "link state up" : "lacp collecting,distributing");
  }
}
