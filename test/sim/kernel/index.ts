// The kernel model's public surface: state, operations (each an ioctl's semantics), views, formatter.
// Operations throw KernelError carrying the errno a real ioctl would set.
export { Kernel, type KernelOptions, type NicAttachSpec } from "./kernel";
export { KernelError, strerror, type ErrnoName } from "./errno";
export { SimFaults, type CommandFault } from "./faults";
export type { InetAddress, Inet6Address, LaggProto, LaggSoftc, PortMembership, SimInterface } from "./types";
export {
  addGroup, removeGroup, setCarrier, setDescription, setFlags, setLacpPartner, setLinkAddress, setMetric, setMtu,
  setNd6Flags,
} from "./iface-ops";
export { setCapabilities } from "./caps";
export { addInet, addInet6, deleteInet, deleteInet6, type InetRequest } from "./addresses";
export { addLaggPort, removeLaggPort } from "./lagg-ports";
export {
  LAGG_PROTO_NAMES, setLaggFlowidShift, setLaggHash, setLaggOption, setLaggProto, setLaggStride,
} from "./lagg-config";
export { carriesTraffic, effectiveFlags, linkUp, portFlags } from "./lagg-view";
export { describeInterface, describeInterfaces, type InterfaceView, type LaggView } from "./query";
export { formatInterface, type FormatOptions } from "./format-interface";
export { IFCAP, IFF, LAGG_OPT, LAGG_PORT, ND6 } from "./bits";
