// The capability/option words a Lagg's inputs ask ifconfig to apply.
import { OFFLOAD_CAPABILITY_WORDS } from "./schema";
import type { LaggInputs } from "./types";

/** `options` words plus, with `disableHardwareOffload`, the TrueNAS offload list turned off. */
export function capabilityWords(i: Pick<LaggInputs, "options" | "disableHardwareOffload">): string[] {
  const offload = i.disableHardwareOffload ? OFFLOAD_CAPABILITY_WORDS.map((w) => `-${w}`) : [];
  return [...offload, ...(i.options ?? []).filter((w) => !offload.includes(w))];
}
