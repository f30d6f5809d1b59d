// Refresh of one resource: Read, then what the engine's RefreshStep records.

import { diffKeysOf, topLevelDiff } from "./json";
import { nameOfUrn } from "./planner";
import type { ProviderHost } from "./provider-host";
import type { StateStore } from "./state-store";
import type { ResourceState } from "./types";

/** What a refresh found for one resource. */
export interface RefreshChange {
  urn: string;
  /** "deleted": Read returned no id, so the resource left the state; "updated": outputs or inputs changed. */
  change: "deleted" | "updated" | "same";
  /** Top-level output keys whose value changed (drift). */
  outputKeys: string[];
  /** Top-level input keys the provider's returned inputs changed. */
  inputKeys: string[];
}

/**
 * Reads one resource (id, properties = outputs, inputs = stored inputs) and records the result the way the
 * engine does: an empty id removes it from state; returned props replace the outputs and returned inputs
 * replace the inputs. Secretness carries over by key from the old outputs (plus `additionalSecretOutputs`).
 */
export async function refreshResource(host: ProviderHost, store: StateStore, old: ResourceState): Promise<RefreshChange> {
  const read = await host.read(old.id, old.urn, old.outputs, old.inputs);
  if (!read.id) {
    store.remove(old);
    return { urn: old.urn, change: "deleted", outputKeys: [], inputKeys: [] };
  }
  const inputs = read.inputs ?? old.inputs;
  const outputKeys = diffKeysOf(topLevelDiff(old.outputs, read.props, []));
  const inputKeys = diffKeysOf(topLevelDiff(old.inputs, inputs, []));
  const secretSources = [...old.secretOutputs, ...old.secretInputs, ...old.additionalSecretOutputs];
  store.put(
    {
      ...old,
      id: read.id,
      inputs,
      outputs: read.props,
      secretInputs: old.secretInputs.filter((k) => k in inputs),
      secretOutputs: Object.keys(read.props).filter((k) => secretSources.includes(k)),
    },
    old,
  );
  const changed = outputKeys.length > 0 || inputKeys.length > 0 || read.id !== old.id;
  return { urn: old.urn, change: changed ? "updated" : "same", outputKeys, inputKeys };
}

/** Human lines for a refresh: `~ <type> <name> updated [diff: ~content]`, `- <type> <name> deleted`. */
export function renderRefresh(changes: RefreshChange[]): string {
  const lines = changes
    .filter((c) => c.change !== "same")
    .map((c) => {
      const type = c.urn.split("::")[2]?.split("$").pop() ?? "";
      const name = nameOfUrn(c.urn);
      if (c.change === "deleted") return `- ${type} ${name} deleted`;
      const keys = [...new Set([...c.outputKeys, ...c.inputKeys])].sort();
      return `~ ${type} ${name} updated${keys.length ? ` [diff: ~${keys.join(",")}]` : ""}`;
    });
  const count = (k: RefreshChange["change"]) => changes.filter((c) => c.change === k).length;
  lines.push(`Resources: ~ ${count("updated")} updated, - ${count("deleted")} deleted, ${count("same")} unchanged`);
  return lines.join("\n");
}
