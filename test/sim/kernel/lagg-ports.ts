// SIOCSLAGGPORT / SIOCSLAGGDELPORT: lagg_port_create() and lagg_port_destroy() of if_lagg.c.
import { wipeInet6 } from "./addresses";
import { driverSetCaps, laggCapabilities } from "./caps";
import { check, KernelError } from "./errno";
import { driverSetMtu } from "./iface-ops";
import { isLinkLocal } from "./ipv6";
import type { Kernel } from "./kernel";
import { ZERO_MAC } from "./mac";
import type { SimInterface } from "./types";

const LAGG_MAX_PORTS = 32;

function laggOf(kernel: Kernel, name: string): SimInterface {
  const lagg = kernel.get(name);
  // A non-lagg interface hands lagg ioctls to its driver, which answers EINVAL.
  check(lagg.lagg, "EINVAL", `${name} is not a lagg`);
  return lagg;
}

/** Adds `portName` to lagg `laggName` with every check, side effect and errno of the kernel. */
export function addLaggPort(kernel: Kernel, laggName: string, portName: string): void {
  const lagg = laggOf(kernel, laggName);
  const sc = lagg.lagg!;
  const port = kernel.find(portName);
  check(port, "EINVAL", `no interface ${portName}`);
  if (port.inet6.some((a) => isLinkLocal(a.words))) {
    wipeInet6(kernel, port);
    kernel.log(`${lagg.name}: IPv6 addresses on ${port.name} have been removed before adding it as a ` +
      "member to prevent IPv6 address scope violation.");
  }
  const fault = kernel.options.faults?.takePortJoinFault(port.name);
  if (fault) throw new KernelError(fault, "injected fault");
  if (port === lagg) {
    kernel.log(`${lagg.name}: cannot add a lagg to itself as a port`);
    throw new KernelError("EINVAL", "self");
  }
  check(sc.ports.length < LAGG_MAX_PORTS, "ENOSPC");
  if (port.member) throw new KernelError(port.member.lagg === lagg ? "EEXIST" : "EBUSY", port.name);
  check(port.kind !== "loop", "EPROTONOSUPPORT", port.name);

  // Allow the first Ethernet member to define the MTU; later ports are set to the lagg's.
  let oldMtu: number | undefined;
  if (sc.ports.length === 0) {
    lagg.mtu = port.mtu;
  } else if (lagg.mtu !== port.mtu) {
    oldMtu = port.mtu;
    try {
      driverSetMtu(port, lagg.mtu);
    } catch (error) {
      kernel.log(`${lagg.name}: invalid MTU for ${port.name}`);
      throw error;
    }
  }
  if (port.kind === "lagg") {
    if (oldMtu !== undefined) port.mtu = oldMtu;
    throw new KernelError("EINVAL", "lagg stacking is disabled");
  }

  port.member = { lagg, savedMac: [...port.mac!], savedCapenable: port.capenable, lacpTimeout: false };
  if (sc.ports.length === 0) {
    lagg.mac = [...port.mac!];
    sc.primary = port;
  } else {
    port.mac = [...lagg.mac!];
  }
  const at = sc.ports.findIndex((p) => p.index > port.index);
  sc.ports.splice(at < 0 ? sc.ports.length : at, 0, port);
  laggCapabilities(lagg);
  kernel.notify(lagg, `laggport+ ${port.name}`);
}

/** lagg_port_destroy(): restores the port's MAC and capabilities (not its MTU). */
function destroyPort(lagg: SimInterface, port: SimInterface, destroying: boolean): void {
  const sc = lagg.lagg!;
  const membership = port.member!;
  sc.ports.splice(sc.ports.indexOf(port), 1);
  if (port === sc.primary) {
    const next = sc.ports[0];
    const lladdr = next ? next.member!.savedMac : ZERO_MAC;
    sc.primary = next ?? null;
    if (!destroying) {
      lagg.mac = [...lladdr];
      for (const p of sc.ports) p.mac = [...lladdr];
    }
  }
  port.member = undefined;
  port.mac = [...membership.savedMac];
  driverSetCaps(port, membership.savedCapenable);
  laggCapabilities(lagg);
}

/** Removes a port: EINVAL for an unknown interface, ENOENT when it is not a port of this lagg. */
export function removeLaggPort(kernel: Kernel, laggName: string, portName: string): void {
  const lagg = laggOf(kernel, laggName);
  const port = kernel.find(portName);
  check(port, "EINVAL", `no interface ${portName}`);
  check(port.member?.lagg === lagg, "ENOENT", `${portName} is not a port of ${laggName}`);
  destroyPort(lagg, port, false);
  kernel.notify(lagg, `laggport- ${port.name}`);
}

/** lagg_clone_destroy(): releases every port (the lagg's MAC is left alone). */
export function detachAllPorts(lagg: SimInterface): void {
  while (lagg.lagg && lagg.lagg.ports.length) destroyPort(lagg, lagg.lagg.ports[0], true);
}
