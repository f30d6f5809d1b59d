// interface.disable_capabilities / enable_capabilities / nic_capabilities (plugins/interface/
// capabilities_freebsd.py and capabilities_base.py, TN-13.3-U1.2; same in TN-13.0-U6.8). py-netif sets
// `iface.capabilities` with one SIOCSIFCAP, so this goes to the kernel model directly, not through ifconfig.
import { IFCAP } from "../kernel/bits";
import { setCapabilities } from "../kernel/caps";
import type { Kernel } from "../kernel/kernel";
import { keyError } from "./errors";

type CapName = keyof typeof IFCAP;

/** capabilities_base.py: disable_capabilities' default list ("Disable Hardware Offloading"). */
export const OFFLOAD_CAPABILITIES: CapName[] = ["TXCSUM", "TXCSUM_IPV6", "RXCSUM", "RXCSUM_IPV6", "TSO4", "TSO6", "VLAN_HWTSO", "LRO"];

/**
 * nic_capabilities(): every member of py-netif's InterfaceCapability (netif.pyx). POLLING_NOCOUNT exists
 * only where the headers define it (FreeBSD 13 does, bit 17); the model has NV on bit 17 (14+), so it is
 * left out here (inferred: no simulated driver supports it either way).
 */
export const NIC_CAPABILITIES: CapName[] = [
  "RXCSUM", "TXCSUM", "NETCONS", "VLAN_MTU", "VLAN_HWTAGGING", "JUMBO_MTU", "POLLING", "VLAN_HWCSUM", "TSO4",
  "TSO6", "LRO", "WOL_UCAST", "WOL_MCAST", "WOL_MAGIC", "TOE4", "TOE6", "VLAN_HWFILTER", "VLAN_HWTSO",
  "LINKSTATE", "NETMAP", "RXCSUM_IPV6", "TXCSUM_IPV6", "HWSTATS",
];

function mask(names: CapName[]): number {
  return names.reduce((m, name) => (m | IFCAP[name]) >>> 0, 0);
}

/**
 * disable_capabilities(iface): `netif.get_interface` raises KeyError for an interface the kernel lacks (a
 * lagg before its first commit), else the enabled set minus `names`. On a lagg the kernel forwards the
 * request to every port, then recomputes the lagg's set from them (lagg_capabilities), so on a lagg with
 * no ports yet nothing sticks.
 */
export function disableCapabilities(kernel: Kernel, name: string, names: CapName[] = OFFLOAD_CAPABILITIES): string[] {
  const iface = kernel.find(name);
  if (!iface) throw keyError(name);
  const off = mask(names);
  const disabled = names.filter((n) => iface.capenable & IFCAP[n]);
  setCapabilities(kernel, name, (iface.capenable & ~off) >>> 0);
  return disabled;
}

/**
 * enable_capabilities(iface, nic_capabilities()): one SIOCSIFCAP with every capability first; ifioctl
 * refuses a request outside if_capabilities with EINVAL (every real NIC lacks some, e.g. TOE4), so it logs
 * the failure and enables them one at a time, skipping those that fail. Returns the log line.
 * Inferred: the one-at-a-time order is ascending bit order (Python iterates that small-int set so here).
 */
export function enableCapabilities(kernel: Kernel, name: string, names: CapName[] = NIC_CAPABILITIES): string {
  const iface = kernel.find(name);
  if (!iface) throw keyError(name);
  const all = mask(names);
  if ((all & ~iface.capabilities) === 0) {
    setCapabilities(kernel, name, all);
    return `Enabled ${names.join(",")} capabilities for ${name}`;
  }
  const enabled: string[] = [];
  for (const cap of [...names].sort((a, b) => IFCAP[a] - IFCAP[b])) {
    const current = kernel.get(name).capenable;
    if (current & IFCAP[cap] || !(iface.capabilities & IFCAP[cap])) continue;
    setCapabilities(kernel, name, (current | IFCAP[cap]) >>> 0);
    if (kernel.get(name).capenable & IFCAP[cap]) enabled.push(cap);
  }
  return `Failed to set capabilities for ${name} at once; enabled ${enabled.join(",") || "none"} individually`;
}
