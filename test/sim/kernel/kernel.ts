// The interface registry: attach/clone/destroy/rename, if_index allocation, change notification.
import { IFCAP, IFF, ND6 } from "./bits";
import { check, KernelError } from "./errno";
import type { SimFaults } from "./faults";
import { detachAllPorts } from "./lagg-ports";
import { refreshLacp } from "./lacp";
import { KernelTiming, LinkTimers } from "./link-timers";
import { Mac, macFromName, ZERO_MAC } from "./mac";
import { LOOPBACK_CAPS, profileFor } from "./nic-models";
import type { LaggSoftc, SimInterface } from "./types";

/** A physical NIC to attach at boot. */
export interface NicAttachSpec {
  name: string;
  mac?: Mac;
  carrier?: boolean;
  maxMtu?: number;
  lacpPartner?: boolean;
  capabilities?: number;
  enabledCapabilities?: number;
}

export interface KernelOptions {
  /** FreeBSD major version (14 default; 15 adds the STABLEADDR nd6 flag). */
  osMajor?: number;
  /** Consulted on every lagg port join. */
  faults?: { takePortJoinFault(port: string): ReturnType<SimFaults["takePortJoinFault"]> };
  /** Called after every state change with the interface name and what changed. */
  onChange?: (iface: string, what: string) => void;
  /** Link and LACP delays (default instant). */
  timing?: KernelTiming;
}

const IFNAMSIZ = 16;
const ETHER_FLAGS = IFF.BROADCAST | IFF.SIMPLEX | IFF.MULTICAST;

/** The simulated kernel's network interfaces. All mutations go through the kernel/*.ts operations. */
export class Kernel {
  readonly osMajor: number;
  /** Kernel console messages (what dmesg would show), oldest first. */
  readonly messages: string[] = [];
  private readonly byName = new Map<string, SimInterface>();
  private readonly slots: (SimInterface | undefined)[] = [undefined];
  private readonly laggUnits = new Set<number>();
  private readonly timers: LinkTimers;

  constructor(readonly options: KernelOptions = {}) {
    this.osMajor = options.osMajor ?? 14;
    this.timers = new LinkTimers(options.timing ?? {});
  }

  /** Ends the link/LACP delays now (`name`: one interface), as on a host that has been up for a while. */
  settleTimers(name?: string): void {
    this.timers.settle(this, name);
  }

  /** Stops this kernel's timers (it was replaced by a reboot, or the host stops). */
  dispose(): void {
    this.timers.dispose();
  }

  /** The interface called `name`, if any. */
  find(name: string): SimInterface | undefined {
    return this.byName.get(name);
  }

  /** The interface called `name`; ENXIO when there is none. */
  get(name: string): SimInterface {
    const iface = this.byName.get(name);
    if (!iface) throw new KernelError("ENXIO", name);
    return iface;
  }

  /** Every interface in if_index order (the order ifconfig lists them). */
  list(): SimInterface[] {
    return this.slots.filter((s): s is SimInterface => s !== undefined);
  }

  /** nd6 flags of a freshly attached interface. */
  defaultNd6(loopback: boolean): number {
    if (loopback) return ND6.PERFORMNUD | ND6.AUTO_LINKLOCAL;
    const base = ND6.PERFORMNUD | ND6.IFDISABLED | ND6.AUTO_LINKLOCAL;
    return this.osMajor >= 15 ? base | ND6.STABLEADDR : base;
  }

  /** Attaches a physical NIC (driver probe at boot). */
  attachNic(spec: NicAttachSpec): SimInterface {
    check(!this.byName.has(spec.name), "EEXIST", spec.name);
    const profile = profileFor(spec.name);
    const mac = spec.mac ?? macFromName(spec.name);
    return this.insert({
      name: spec.name, index: 0, kind: "ether", driver: spec.name.replace(/[0-9]+$/, ""),
      unit: Number(spec.name.match(/([0-9]+)$/)?.[1] ?? 0), flags: ETHER_FLAGS, metric: 0, mtu: 1500,
      maxMtu: spec.maxMtu ?? 9216, mac: [...mac], hwaddr: [...mac],
      capabilities: spec.capabilities ?? profile.capabilities,
      capenable: spec.enabledCapabilities ?? profile.capenable,
      inet: [], inet6: [], nd6: this.defaultNd6(false), groups: [],
      carrier: spec.carrier ?? true, lacpPartner: spec.lacpPartner ?? true, profile,
    });
  }

  /** Attaches lo0. */
  attachLoopback(name = "lo0"): SimInterface {
    return this.insert({
      name, index: 0, kind: "loop", driver: "lo", unit: 0, flags: IFF.LOOPBACK | IFF.MULTICAST,
      metric: 0, mtu: 16384, maxMtu: 16384, mac: null, hwaddr: null,
      capabilities: LOOPBACK_CAPS, capenable: LOOPBACK_CAPS, inet: [], inet6: [],
      nd6: this.defaultNd6(true), groups: ["lo"], carrier: true, lacpPartner: false,
    });
  }

  /**
   * SIOCIFCREATE2: creates a lagg from "lagg" (first free unit) or "laggN". Unknown cloners and
   * malformed units give EINVAL; a unit or name in use gives EEXIST.
   */
  cloneCreate(requested: string): SimInterface {
    const m = requested.match(/^lagg(0|[1-9][0-9]*)?$/);
    check(m, "EINVAL", `no cloner for ${requested}`);
    let unit = m[1] === undefined ? -1 : Number(m[1]);
    if (unit < 0) for (unit = 0; this.laggUnits.has(unit) || this.byName.has(`lagg${unit}`); unit++);
    const name = `lagg${unit}`;
    check(!this.laggUnits.has(unit) && !this.byName.has(name), "EEXIST", name);
    this.laggUnits.add(unit);
    const lagg: LaggSoftc = {
      proto: "failover", ports: [], primary: null, opts: 0x4 /* USE_NUMA: default_use_numa=1 */,
      flowidShift: 16, stride: 0, hash: 7, lacpStrict: true, lacpFastTimeout: false,
      lacpTxTest: false, lacpRxTest: false, flapping: 0, distributing: new Set(),
      // lacp_select's DEFAULTED check is in the 12-era (2018-19: VNET_DEFINE_STATIC, no lp_last_lacpdu_rx),
      // 13.x and 14.0-era sys/net/ieee8023ad_lacp.c; 10.4's has none. 11.x unread: modelled as 10.4 (inferred).
      selectsDefaulted: this.osMajor < 12,
    };
    const iface = this.insert({
      name, index: 0, kind: "lagg", driver: "lagg", unit, flags: ETHER_FLAGS, metric: 0, mtu: 1500,
      maxMtu: 65535, mac: [...ZERO_MAC], hwaddr: [...ZERO_MAC],
      capabilities: IFCAP.HWSTATS, capenable: IFCAP.HWSTATS, inet: [], inet6: [],
      nd6: this.defaultNd6(false), groups: ["lagg"], carrier: true, lacpPartner: false, lagg,
    });
    this.notify(iface, "create");
    return iface;
  }

  /** SIOCIFDESTROY: only cloned interfaces can be destroyed (EINVAL otherwise). */
  cloneDestroy(name: string): void {
    const iface = this.get(name);
    check(iface.kind === "lagg" && iface.lagg, "EINVAL", `${name} is not cloned`);
    iface.flags &= ~IFF.UP;
    detachAllPorts(iface);
    this.slots[iface.index] = undefined;
    this.byName.delete(iface.name);
    this.laggUnits.delete(iface.unit);
    this.notify(iface, "destroy");
  }

  /** SIOCSIFNAME. */
  rename(name: string, newName: string): void {
    const iface = this.get(name);
    check(newName !== "" && newName.length < IFNAMSIZ, "EINVAL", newName);
    check(!this.byName.has(newName), "EEXIST", newName);
    this.byName.delete(name);
    iface.name = newName;
    this.byName.set(newName, iface);
    this.notify(iface, `rename ${name} -> ${newName}`);
  }

  /** Records a kernel console message. */
  log(message: string): void {
    this.messages.push(message);
  }

  /** Reports a state change (and lets LACP count flaps). */
  notify(iface: SimInterface | string, what: string): void {
    this.timers.update(this);
    refreshLacp(this);
    this.options.onChange?.(typeof iface === "string" ? iface : iface.name, what);
  }

  private insert(iface: SimInterface): SimInterface {
    let index = 1;
    while (this.slots[index] !== undefined) index++;
    iface.index = index;
    this.slots[index] = iface;
    this.byName.set(iface.name, iface);
    return iface;
  }
}
