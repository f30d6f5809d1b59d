// Applying planned steps: the provider calls of each step and the state the engine records afterwards.

import { ProviderInitError } from "./provider-errors";
import type { ProviderHost } from "./provider-host";
import { secretOutputKeys } from "./secrets";
import type { StateStore } from "./state-store";
import type { CapturedResource, JsonObject, PlannedStep, ResourceState } from "./types";

/** What applying a step needs. */
export interface ApplyContext {
  host: ProviderHost;
  store: StateStore;
  /** Secret output keys per resource type, added to each resource's own `additionalSecretOutputs`. */
  extraSecretOutputs: Record<string, string[]>;
}

/** The state the engine records for a resource after Create/Update: outputs re-annotated as secret by key. */
export function recordedState(
  ctx: ApplyContext,
  desired: CapturedResource,
  inputs: JsonObject,
  id: string,
  outputs: JsonObject,
  initErrors?: string[],
): ResourceState {
  const additional = [...new Set([...desired.additionalSecretOutputs, ...(ctx.extraSecretOutputs[desired.type] ?? [])])];
  const secretInputs = desired.secretInputs.filter((k) => k in inputs);
  return {
    urn: desired.urn,
    type: desired.type,
    id,
    inputs,
    outputs,
    secretInputs,
    secretOutputs: secretOutputKeys(outputs, secretInputs, additional),
    dependencies: desired.dependsOn,
    ...(desired.parent ? { parent: desired.parent } : {}),
    additionalSecretOutputs: additional,
    ...(initErrors?.length ? { initErrors } : {}),
  };
}

// A partial failure still leaves a resource behind: record it (with its init errors), then fail the step.
async function recordingInitErrors<T>(ctx: ApplyContext, step: PlannedStep, replacing: ResourceState | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ProviderInitError) {
      const id = err.id || step.old?.id || "";
      ctx.store.put(recordedState(ctx, step.desired!, step.checkedInputs!, id, err.properties, err.reasons), replacing);
    }
    throw err;
  }
}

async function create(ctx: ApplyContext, step: PlannedStep, replacing?: ResourceState): Promise<ResourceState> {
  const { id, outs } = await recordingInitErrors(ctx, step, replacing, () =>
    ctx.host.create(step.urn, step.checkedInputs!),
  );
  const created = recordedState(ctx, step.desired!, step.checkedInputs!, id, outs);
  ctx.store.put(created, replacing);
  return created;
}

async function update(ctx: ApplyContext, step: PlannedStep, old: ResourceState): Promise<void> {
  const outs = await recordingInitErrors(ctx, step, old, () =>
    ctx.host.update(old.id, step.urn, old.outputs, step.checkedInputs!, old.inputs),
  );
  ctx.store.put(recordedState(ctx, step.desired!, step.checkedInputs!, old.id, outs), old);
}

// SameStep: keep the id and OUTPUTS (so Read/Delete keep the old `__provider`), take the new inputs.
function same(ctx: ApplyContext, step: PlannedStep, old: ResourceState): void {
  const desired = step.desired!;
  const kept = recordedState(ctx, desired, step.checkedInputs!, old.id, old.outputs, old.initErrors);
  ctx.store.put({ ...kept, secretOutputs: old.secretOutputs }, old);
}

/** Deletes a resource through the provider (which loads the `__provider` from its outputs) and drops it. */
export async function deleteResource(ctx: ApplyContext, old: ResourceState): Promise<void> {
  await ctx.host.delete(old.id, old.urn, old.outputs, old.inputs);
  ctx.store.remove(old);
}

/**
 * Applies one planned step of an `up`. Replacements: delete-before-replace deletes the old resource and then
 * creates; otherwise the new one is created first and the old one is marked `pendingDelete`, to be deleted
 * with the other deletions after every create and update (as the engine does). Throws on failure.
 */
export async function applyStep(ctx: ApplyContext, step: PlannedStep): Promise<void> {
  const old = step.old;
  switch (step.op) {
    case "create":
      await create(ctx, step);
      return;
    case "update":
      await update(ctx, step, old!);
      return;
    case "same":
      same(ctx, step, old!);
      return;
    case "delete":
      await deleteResource(ctx, old!);
      return;
    case "replace":
      if (step.deleteBeforeReplace) {
        await deleteResource(ctx, old!);
        await create(ctx, step);
      } else {
        // Even a partial create takes the old resource's place, so the old one is then due for deletion.
        const condemn = () => ctx.store.put({ ...old!, pendingDelete: true });
        await create(ctx, step, old).catch((err: unknown) => {
          if (err instanceof ProviderInitError) condemn();
          throw err;
        });
        condemn();
      }
      return;
  }
}
