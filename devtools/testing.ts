// `pulumi-freebsd-lagg/testing`: the simulated host and the engine-less driver, for an infra repo's own tests
// (jest, mocha, node:test). The same code as the `lagg-sim` and `lagg-driver` bins.
export { startSimHost } from "../test/sim";
export type { SimHost, SimHostOptions, ExecRecord, LoginShellName } from "../test/sim";
export { captureProgram, Engine } from "../test/engine";
export type {
  CaptureOptions, CaptureResult, EngineOptions, PreviewResult, UpResult, RefreshResult, DestroyResult, OperationError,
} from "../test/engine";
export { simConfig } from "./driver-args";
