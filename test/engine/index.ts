// The engine-less driver: plays the Pulumi engine's part for Node dynamic providers, over the real protocol.
//
//   const { resources } = await captureProgram({ program: "dist/examples/basic/index.js", project, stack, config });
//   const engine = new Engine({ statePath, project, stack, config, cwd: repoRoot, onEvent: print });
//   console.log((await engine.preview(resources)).text);
//   const result = await engine.up(resources);        // never throws for step failures: see result.errors
//   await engine.refresh(); await engine.destroy();

export { captureProgram, programConfigEnv, type CaptureOptions, type CaptureResult } from "./capture";
export { Engine, type EngineOptions } from "./engine";
export type { DestroyResult, OperationError, PreviewResult, RefreshResult, UpResult } from "./results";
export type { RefreshChange } from "./refresh";
export { ProviderHost, type DiffResponse, type ProviderHostOptions } from "./provider-host";
export { hostConfigEnv, type HostProcessOptions } from "./host-process";
export { ProviderCallError, ProviderInitError } from "./provider-errors";
export { planResource, planProgram } from "./planner";
export { renderSteps, renderState, summaryLine, diffSuffix, formatCheckFailure, type RenderOptions } from "./render";
export { renderRefresh } from "./refresh";
export { readStateFile, serializeState, deserializeState, STATE_FORMAT_VERSION, type StoredState } from "./state-store";
export { SIG_KEY, SECRET_SIG, UNKNOWN_VALUE, SECRET_PLACEHOLDER, stateSecret, rpcSecret, displayValue } from "./secrets";
export { defaultParallelism, runGraph, type GraphNode, type NodeResult } from "./scheduler";
export type * from "./types";
