// Step generation: Check then Diff per resource, and the engine's decisions on top of the provider's answers.

import { diffKeysOf, jsonEqual, topLevelDiff } from "./json";
import type { ProviderHost } from "./provider-host";
import type { CapturedResource, PlannedStep, ResourceState, StackState } from "./types";

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function baseStep(urn: string, type: string, name: string): Omit<PlannedStep, "op"> {
  return {
    urn,
    type,
    name,
    diffKeys: [],
    diff: { added: [], removed: [], changed: [] },
    replaces: [],
    deleteBeforeReplace: false,
    failures: [],
  };
}

/** The name part of a URN. */
export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/**
 * Plans one desired resource the way the engine's step generator does:
 * - Check(olds = prior inputs, news = program inputs); failures stop here.
 * - No prior state: create.
 * - Diff(id, olds = prior OUTPUTS, news = checked inputs). DIFF_UNKNOWN falls back to comparing old and new
 *   inputs (`__provider` included, so changed provider code alone means an update).
 * - Replacement keys with changes: replace, after a second Check without olds (the engine recomputes defaults);
 *   `deleteBeforeReplace` from the resource option if set, else from the provider.
 * - Changes, or init errors left by a partial failure: update. Otherwise: same.
 */
export async function planResource(host: ProviderHost, desired: CapturedResource, old?: ResourceState): Promise<PlannedStep> {
  const base = { ...baseStep(desired.urn, desired.type, desired.name), desired, ...(old ? { old } : {}) };
  const failedOp = old ? "update" : "create";
  try {
    const checked = await host.check(desired.urn, old?.inputs ?? {}, desired.inputs);
    if (checked.failures.length > 0) return { ...base, op: failedOp, failures: checked.failures };
    if (!old) return { ...base, op: "create", checkedInputs: checked.inputs };

    const diff = topLevelDiff(old.inputs, checked.inputs);
    const withDiff = { ...base, diff, diffKeys: diffKeysOf(diff) };
    const response = await host.diff(old.id, desired.urn, old.outputs, checked.inputs, old.inputs);
    const changed =
      response.changes === "unknown" ? !jsonEqual(old.inputs, checked.inputs) : response.changes === "some";

    if (changed && response.replaces.length > 0) {
      const rechecked = await host.check(desired.urn, {}, desired.inputs);
      if (rechecked.failures.length > 0) return { ...withDiff, op: "replace", failures: rechecked.failures };
      return {
        ...withDiff,
        op: "replace",
        replaces: response.replaces,
        deleteBeforeReplace: desired.deleteBeforeReplace ?? response.deleteBeforeReplace,
        checkedInputs: rechecked.inputs,
      };
    }
    if (changed || (old.initErrors?.length ?? 0) > 0) return { ...withDiff, op: "update", checkedInputs: checked.inputs };
    return { ...withDiff, op: "same", checkedInputs: checked.inputs };
  } catch (err) {
    return { ...base, op: failedOp, error: errorText(err) };
  }
}

/** A delete step for a resource in state (gone from the program, or the old half of a replacement). */
export function deleteStep(old: ResourceState): PlannedStep {
  return { ...baseStep(old.urn, old.type, nameOfUrn(old.urn)), op: "delete", old };
}

/** Rejects a program that registered two resources with one URN, as the engine does. */
export function assertUniqueUrns(resources: CapturedResource[]): void {
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.urn)) throw new Error(`Duplicate resource URN '${r.urn}'; try giving it a unique name`);
    seen.add(r.urn);
  }
}

/**
 * Resources in state the program no longer declares, plus old halves of replacements still pending, in the
 * order they must be deleted (reverse of state order: dependents before their dependencies).
 */
export function deletionsFor(state: StackState, desired: CapturedResource[]): ResourceState[] {
  const wanted = new Set(desired.map((r) => r.urn));
  return state.resources.filter((r) => r.pendingDelete || !wanted.has(r.urn)).reverse();
}

/** Plans a whole program serially in registration order (like the step generator), then the deletions. */
export async function planProgram(host: ProviderHost, desired: CapturedResource[], state: StackState): Promise<PlannedStep[]> {
  assertUniqueUrns(desired);
  const steps: PlannedStep[] = [];
  const live = (urn: string) => state.resources.find((r) => r.urn === urn && !r.pendingDelete);
  for (const resource of desired) steps.push(await planResource(host, resource, live(resource.urn)));
  return [...steps, ...deletionsFor(state, desired).map(deleteStep)];
}

/**
 * Deletion order as graph edges: a resource is deleted only after every resource in the same set that depends
 * on it (through `dependencies` or `parent`). Keys are `<index>:<urn>` because a URN can appear twice (a live
 * resource and the old half of its replacement).
 */
export function deletionDependencies(resources: ResourceState[]): { resource: ResourceState; key: string; deps: string[] }[] {
  const keyOf = new Map(resources.map((r, i) => [r, `${i}:${r.urn}`]));
  return resources.map((r) => ({
    resource: r,
    key: keyOf.get(r)!,
    deps: resources
      .filter((y) => y !== r && (y.dependencies.includes(r.urn) || y.parent === r.urn))
      .map((y) => keyOf.get(y)!),
  }));
}
