// The shapes the engine-less driver passes around: captured resources, stored state, steps and events.

/** Any JSON value, as it crosses the gRPC boundary in a `google.protobuf.Struct`. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object (a property map). */
export interface JsonObject {
  [key: string]: Json;
}

/** One stack config value; `secret` values reach the program as secret Outputs and `configure` unwrapped. */
export type ConfigValue = string | { value: string; secret: true };
/** Stack config keyed `<namespace>:<key>` (e.g. `lagg-example:sshKey`), as `Pulumi.<stack>.yaml` holds it. */
export type StackConfig = Record<string, ConfigValue>;

/** A custom resource the program registered, as the engine would receive it from the language host. */
export interface CapturedResource {
  /** Engine-style URN: `urn:pulumi:<stack>::<project>::<type>::<name>` (the root stack is never a URN parent). */
  urn: string;
  type: string;
  name: string;
  /** Registered inputs as plain JSON (secret markers removed), including the serialized `__provider` text. */
  inputs: JsonObject;
  /** Top-level input keys whose value was (or contained) a secret. */
  secretInputs: string[];
  /** The `additionalSecretOutputs` resource option. */
  additionalSecretOutputs: string[];
  /** URNs of direct dependencies (`dependsOn` plus resources whose outputs fed the inputs). */
  dependsOn: string[];
  /** Parent URN, absent for children of the root stack. */
  parent?: string;
  /** The `deleteBeforeReplace` resource option, when the program set it. */
  deleteBeforeReplace?: boolean;
  /** Resource options captured for information; the driver does not act on them. */
  ignoreChanges: string[];
  replaceOnChanges: string[];
  protect: boolean;
}

/** One resource in the driver's state file, secrets already lifted into key lists. */
export interface ResourceState {
  urn: string;
  type: string;
  id: string;
  inputs: JsonObject;
  outputs: JsonObject;
  /** Top-level input keys stored as secrets. */
  secretInputs: string[];
  /** Top-level output keys stored as secrets. */
  secretOutputs: string[];
  dependencies: string[];
  parent?: string;
  additionalSecretOutputs: string[];
  /** Reasons from a partial failure (`ErrorResourceInitFailed`); a later `up` always updates such a resource. */
  initErrors?: string[];
  /** The old half of a create-before-delete replacement, still waiting for its Delete. */
  pendingDelete?: boolean;
}

/** The whole stack state the driver keeps between operations. */
export interface StackState {
  project: string;
  stack: string;
  resources: ResourceState[];
}

/** A CheckFailure as the provider returned it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What the engine decided to do with one resource. */
export type StepOp = "create" | "update" | "replace" | "delete" | "same";

/** Top-level input keys that differ between the old and new inputs (`__provider` excluded). */
export interface KeyDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** One planned step, as `pulumi preview` would show it. */
export interface PlannedStep {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** All top-level keys that differ (added, removed or changed), sorted. */
  diffKeys: string[];
  diff: KeyDiff;
  replaces: string[];
  deleteBeforeReplace: boolean;
  failures: CheckFailure[];
  /** A Check/Diff RPC error; the step cannot proceed. */
  error?: string;
  /** Old state (absent for create). */
  old?: ResourceState;
  /** Desired resource (absent for delete). */
  desired?: CapturedResource;
  /** Inputs after Check (absent for delete or on failure). */
  checkedInputs?: JsonObject;
}

/** How one applied step ended. */
export type StepStatus = "ok" | "failed" | "skipped";

/** One step of an `up`, `refresh` or `destroy` after it ran. */
export interface StepOutcome {
  urn: string;
  op: StepOp | "refresh";
  status: StepStatus;
  durationMs: number;
  error?: string;
}

/** Events an operation emits while it runs; the demo prints them. */
export type EngineEvent =
  | { kind: "operation-started"; operation: OperationName }
  | { kind: "operation-finished"; operation: OperationName; durationMs: number; errors: number }
  | { kind: "step-started"; urn: string; op: StepOutcome["op"] }
  | { kind: "step-finished"; urn: string; op: StepOutcome["op"]; status: StepStatus; durationMs: number; error?: string }
  | { kind: "provider-log"; stream: "stdout" | "stderr"; line: string }
  | { kind: "diagnostic"; severity: "info" | "warning" | "error"; urn?: string; message: string };

/** The four operations of the CLI the driver plays. */
export type OperationName = "preview" | "up" | "refresh" | "destroy";
