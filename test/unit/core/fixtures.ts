// Shared inputs for the pure-core tests.
import { checkLaggArgs } from "../../../provider/schema";
import type { LaggInputs } from "../../../provider/types";

export const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
export const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

/** Checked inputs for a lagg, with overrides applied before check. */
export function inputs(over: Record<string, unknown> = {}): LaggInputs {
  const raw = {
    connection: { host: "nas1.example.net", privateKey: KEY, hostKey: HOST_KEY },
    name: "lagg0",
    protocol: "lacp",
    ports: ["igb0", "igb1"],
    ...over,
  };
  const { inputs: out, failures } = checkLaggArgs(raw);
  if (failures.length) throw new Error(JSON.stringify(failures));
  return out as unknown as LaggInputs;
}
