// Inputs as the lifecycle methods receive them: re-checked, because callers (tests, tools,
// older state) may hand create/update values that never went through `check`.
import { LaggInputError } from "../errors";
import { checkLaggArgs, UNKNOWN } from "../schema";
import type { LaggInputs } from "../types";
import type { LaggOutputs } from "../outputs";

/** Validates and fills defaults; throws LaggInputError listing every problem. */
export function requireInputs(raw: Record<string, unknown>): LaggInputs {
  const { inputs, failures } = checkLaggArgs(raw);
  if (failures.length > 0) throw new LaggInputError(failures);
  if (JSON.stringify(inputs).includes(UNKNOWN)) throw new LaggInputError([{ property: "", reason: "inputs still hold values unknown at preview time" }]);
  return inputs as unknown as LaggInputs;
}

/**
 * The inputs part of recorded outputs (outputs carry every input plus observed facts). A missing
 * auth method is tolerated here: state recorded with agent auth must stay readable and deletable
 * even when this process has no `SSH_AUTH_SOCK` (the SSH layer reports the real auth error).
 */
export function recordedInputs(olds: Record<string, unknown>): LaggInputs {
  const { status: _s, persisted: _p, priorDownPorts: _d, internalState: _i, hostKeyFingerprint: _h, __provider: _x, ...rest } = olds;
  const { inputs, failures } = checkLaggArgs(rest);
  const blocking = failures.filter((f) => f.property !== "connection" && f.property !== "connection.proxy");
  if (blocking.length > 0) throw new LaggInputError(blocking);
  return inputs as unknown as LaggInputs;
}

/** The resource id: the lagg's name on its host. */
export function laggId(i: Pick<LaggInputs, "name" | "connection">): string {
  const port = i.connection.port ?? 22;
  return `${i.name}@${i.connection.host}${port === 22 ? "" : `:${port}`}`;
}

/** Recorded outputs, typed. */
export const asOutputs = (olds: Record<string, unknown>) => olds as unknown as Partial<LaggOutputs>;
