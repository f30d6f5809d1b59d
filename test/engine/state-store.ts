// The driver's state file: a JSON checkpoint shaped like `pulumi stack export --show-secrets`, written atomically.
//
// Format (version 1):
//   { "version": 1, "project": "...", "stack": "...",
//     "resources": [ { "urn", "type", "id", "inputs": {...}, "outputs": {...}, "dependencies": [urn...],
//                      "parent"?, "additionalSecretOutputs"?, "initErrors"?, "pendingDelete"? } ] }
// A secret top-level value is stored as
//   {"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","plaintext":"<value as JSON text>"}
// so secretness survives a reload. It is not encrypted: this file is a test artifact, never print it raw.

import * as fs from "fs";
import * as path from "path";
import { liftSecrets, markSecretKeys } from "./secrets";
import type { JsonObject, ResourceState, StackState } from "./types";

/** The version written into every state file. */
export const STATE_FORMAT_VERSION = 1;

interface StoredResource {
  urn: string;
  type: string;
  id: string;
  inputs: JsonObject;
  outputs: JsonObject;
  dependencies: string[];
  parent?: string;
  additionalSecretOutputs?: string[];
  initErrors?: string[];
  pendingDelete?: boolean;
}

/** The on-disk form of a stack state, secrets as markers. */
export interface StoredState {
  version: number;
  project: string;
  stack: string;
  resources: StoredResource[];
}

/** Stack state to its file form. */
export function serializeState(state: StackState): StoredState {
  return {
    version: STATE_FORMAT_VERSION,
    project: state.project,
    stack: state.stack,
    resources: state.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      id: r.id,
      inputs: markSecretKeys(r.inputs, r.secretInputs),
      outputs: markSecretKeys(r.outputs, r.secretOutputs),
      dependencies: r.dependencies,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.additionalSecretOutputs.length ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
      ...(r.initErrors?.length ? { initErrors: r.initErrors } : {}),
      ...(r.pendingDelete ? { pendingDelete: true } : {}),
    })),
  };
}

/** File form back to stack state, secret markers lifted into key lists. */
export function deserializeState(stored: StoredState): StackState {
  if (stored.version !== STATE_FORMAT_VERSION) throw new Error(`unsupported state file version ${stored.version}`);
  return {
    project: stored.project,
    stack: stored.stack,
    resources: stored.resources.map((r) => {
      const inputs = liftSecrets(r.inputs);
      const outputs = liftSecrets(r.outputs);
      return {
        urn: r.urn,
        type: r.type,
        id: r.id,
        inputs: inputs.plain,
        outputs: outputs.plain,
        secretInputs: inputs.secretKeys,
        secretOutputs: outputs.secretKeys,
        dependencies: r.dependencies ?? [],
        ...(r.parent ? { parent: r.parent } : {}),
        additionalSecretOutputs: r.additionalSecretOutputs ?? [],
        ...(r.initErrors?.length ? { initErrors: r.initErrors } : {}),
        ...(r.pendingDelete ? { pendingDelete: true } : {}),
      };
    }),
  };
}

/** Reads a state file; a missing file is an empty stack. */
export function readStateFile(file: string, project: string, stack: string): StackState {
  if (!fs.existsSync(file)) return { project, stack, resources: [] };
  return deserializeState(JSON.parse(fs.readFileSync(file, "utf8")) as StoredState);
}

/**
 * The live stack state of one operation. Steps mutate `state.resources` and call `changed()`; writes are
 * coalesced (at most one in flight, the latest state always written last) like the engine's snapshot manager.
 */
export class StateStore {
  readonly state: StackState;
  private dirty = false;
  private saving: Promise<void> | undefined;
  private writeError: unknown;

  constructor(
    /** Path of the JSON state file. */
    readonly file: string,
    project: string,
    stack: string,
  ) {
    this.state = readStateFile(file, project, stack);
  }

  /** The live (not pending-delete) resource with this URN. */
  find(urn: string): ResourceState | undefined {
    return this.state.resources.find((r) => r.urn === urn && !r.pendingDelete);
  }

  /** Replaces `old` in place (keeping its position), or appends when `old` is absent. */
  put(resource: ResourceState, old?: ResourceState): void {
    const at = old ? this.state.resources.indexOf(old) : -1;
    if (at >= 0) this.state.resources[at] = resource;
    else this.state.resources.push(resource);
    this.changed();
  }

  /** Removes exactly this resource object. */
  remove(resource: ResourceState): void {
    this.state.resources = this.state.resources.filter((r) => r !== resource);
    this.changed();
  }

  /** Schedules a write of the current state. */
  changed(): void {
    this.dirty = true;
    this.saving ??= this.drain().catch((err: unknown) => {
      this.writeError = err;
    });
  }

  /** Resolves once everything changed so far is on disk; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
    if (this.writeError) throw this.writeError;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const tmp = `${this.file}.${process.pid}.tmp`;
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await fs.promises.writeFile(tmp, `${JSON.stringify(serializeState(this.state), null, 2)}\n`);
        await fs.promises.rename(tmp, this.file);
      }
    } finally {
      this.saving = undefined;
    }
  }
}
