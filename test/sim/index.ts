// The FreeBSD host simulator: a simulated kernel behind real SSH servers, for tests, the demo and the bench.
export { startSimHost } from "./server/sim-host";
export type { SimHost, SimHostMode, SimHostOptions } from "./server/sim-host-types";
export type { ExecRecord } from "./server/exec-records";
export { TransportFaults, type DropPoint } from "./server/transport-faults";
export type { LoginShellName } from "./server/login-shells";
export { fingerprintOf } from "./server/keys";
export type * from "./machine-api";
export { ReplayCache } from "./server/replay-cache";
