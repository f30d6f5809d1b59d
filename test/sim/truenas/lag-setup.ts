// interface.lag_setup (plugins/interface/lag.py, TN-13.3-U1.2; same in TN-13.0-U6.8) on the kernel model.
// It runs outside sync's per-interface try (network.py sync), so any OSError here fails interface.sync
// and with it interface.commit. py-netif makes the ioctls; KernelError errnos become OSError.
import { IFF } from "../kernel/bits";
import { errnoNumber, KernelError, strerror } from "../kernel/errno";
import { setFlags } from "../kernel/iface-ops";
import type { Kernel } from "../kernel/kernel";
import { LAGG_PROTO_NAMES, setLaggProto } from "../kernel/lagg-config";
import { addLaggPort, removeLaggPort } from "../kernel/lagg-ports";
import { describeInterface } from "../kernel/query";
import { disableCapabilities } from "./capabilities";
import { osError } from "./errors";

/** py-netif LaggInterface.ports reads SIOCGLAGG into `lagg_reqport lport[16]`: it never sees a 17th port. */
export const NETIF_LAGG_PORTS = 16;

/** lag_setup polls the lagg's link state: `while ... and interval > 0: time.sleep(2); interval -= 2` from 10. */
export const LINK_WAIT_POLLS = 5;

/** What lag_setup needs. */
export interface LagSetupContext {
  kernel: Kernel;
  log: (line: string) => void;
}

/** One network_lagginterface row with its members (ordered by lagg_physnic, as sync queries them). */
export interface LagSetupRow {
  name: string;
  protocol: string;
  members: string[];
  disableCapabilities: boolean;
}

/** An ioctl through py-netif: KernelError -> OSError(errno, strerror). */
function ioctl<T>(op: () => T): T {
  try {
    return op();
  } catch (error) {
    if (error instanceof KernelError) throw osError(errnoNumber(error.errno), strerror(error.errno));
    throw error;
  }
}

function netifPorts(kernel: Kernel, name: string): string[] {
  return (kernel.get(name).lagg?.ports ?? []).slice(0, NETIF_LAGG_PORTS).map((p) => p.name);
}

/**
 * lag_setup as a generator: every `yield` is one `time.sleep(2)` of the link wait (the caller decides how
 * long a poll really lasts). Port names it brought up go to `parents`; members get skip_mtu.
 */
export function* lagSetup(ctx: LagSetupContext, row: LagSetupRow, parents: string[], skipMtu: Set<string>): Generator<"poll", void> {
  const { kernel, log } = ctx;
  const { name, members } = row;
  log(`Setting up ${name}`);
  if (kernel.find(name)) {
    // `next(iface.ports)` on a lagg without ports raises StopIteration (not modelled: the simulator treats
    // it as a changed first port).
    const first = netifPorts(kernel, name)[0];
    if (first !== members[0]) {
      log(`Destroying existing ${name} as its first port has changed`);
      ioctl(() => kernel.cloneDestroy(name));
    }
  }
  if (!kernel.find(name)) ioctl(() => kernel.cloneCreate(name));
  // Before any port is added: on a new lagg this changes nothing, and adding ports recomputes the lagg's
  // capabilities from theirs, so offload stays on until the next sync of an existing lagg.
  if (row.disableCapabilities) disableCapabilities(kernel, name);
  const proto = LAGG_PROTO_NAMES[row.protocol];
  if (kernel.get(name).lagg?.proto !== proto) {
    log(`${name}: changing protocol to AggregationProtocol.${row.protocol.toUpperCase()}`);
    ioctl(() => setLaggProto(kernel, name, proto));
  }
  const configured = netifPorts(kernel, name);
  for (const member of members) skipMtu.add(member);
  for (const port of configured.filter((p) => !members.includes(p))) ioctl(() => removeLaggPort(kernel, name, port));
  // With more than 16 ports the 17th is invisible here, so it is added again: EEXIST.
  for (const port of members.filter((p) => !configured.includes(p))) ioctl(() => addLaggPort(kernel, name, port));
  for (const port of netifPorts(kernel, name)) {
    parents.push(port);
    if (!(kernel.get(port).flags & IFF.UP)) ioctl(() => setFlags(kernel, port, IFF.UP, 0));
  }
  for (let polls = LINK_WAIT_POLLS; polls > 0 && !linkUp(kernel, name); polls--) yield "poll";
  if (!linkUp(kernel, name)) log(`Timed out waiting for '${name}' interface link state to become active`);
}

function linkUp(kernel: Kernel, name: string): boolean {
  return kernel.find(name) !== undefined && describeInterface(kernel, name).linkUp;
}
