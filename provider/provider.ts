// The dynamic ResourceProvider for Lagg: thin wiring from the engine's calls to the pure core
// (schema, diff, plan, script) and the one effect layer (ssh).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { diffLagg } from "./diff";
import { checkLaggArgs } from "./schema";
import { withHostLock } from "./ssh";
import { LaggRollbackError, LaggUnknownOutcomeError } from "./errors";
import type { LaggInputs } from "./types";
import { jsonSafe } from "./outputs";
import { asOutputs, laggId, recordedInputs, requireInputs } from "./operations/inputs";
import { isTruenasReport } from "./persist/truenas";
import { converge } from "./operations/converge";
import { readLagg, readLive } from "./operations/read";
import { removeLagg } from "./operations/remove";
import { desiredLaggState, observedLaggState } from "./state";
import { observedInputs } from "./outputs";
import { parseSysrcE } from "./persist/rcconf";

/** Properties whose change reaches the host; the rest (credentials, adopt, ...) only update state. */
const HOST_FIELDS = new Set([
  "name", "protocol", "ports", "mtu", "description", "addresses", "dhcp", "ipv6Autoconf", "hash", "lacpFastTimeout",
  "lacpStrict", "useFlowid", "flowidShift", "rrLimit", "disableHardwareOffload", "options", "persist",
]);

/**
 * Manages one lagg(4) interface on a FreeBSD host over SSH. Constructible with no arguments and
 * free of per-instance state, so it survives closure serialization; connections live in a
 * per-process pool inside the ssh layer.
 */
export class LaggProvider implements dynamic.ResourceProvider {
  /** Validates and normalizes inputs without touching the network; never throws on bad input. */
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    const { inputs, failures } = checkLaggArgs(news ?? {});
    return { inputs: news && "__provider" in news ? { ...inputs, __provider: news.__provider } : inputs, failures };
  }

  /** Compares recorded outputs with new inputs (no network). */
  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    const d = diffLagg(olds ?? {}, news ?? {});
    const persistDrift = asOutputs(olds ?? {}).persisted?.inSync === false;
    return { changes: d.changes || persistDrift, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  /** Creates the lagg (or, with `adopt`, takes over an existing one and converges it). */
  async create(raw: Record<string, unknown>): Promise<dynamic.CreateResult> {
    const news = requireInputs(raw);
    const id = laggId(news);
    try {
      const outs = await withHostLock(news.connection, async () => {
        if (news.adopt) {
          const seen = await readLive(news);
          if (seen.iface?.lagg) {
            const hints = { dhcp: news.dhcp, ipv6Autoconf: news.ipv6Autoconf, desiredAddresses: news.addresses };
            const olds: LaggInputs = { ...observedInputs(news, seen.iface), options: [], disableHardwareOffload: false };
            const persistedMode = isTruenasReport(seen.outcome.persistText) ? "truenas" : undefined;
            return converge({ operation: "create", news, olds, actual: observedLaggState(seen.iface, hints), persistedBefore: parseSysrcE(seen.outcome.persistText), priorDownPorts: [], persistedMode });
          }
        }
        return converge({ operation: "create", news, priorDownPorts: [] });
      });
      return { id, outs };
    } catch (e) {
      // The lagg may exist now: hand Pulumi the id so it is recorded (and can be deleted), not leaked.
      if (e instanceof LaggRollbackError || e instanceof LaggUnknownOutcomeError) {
        throw Object.assign(e, { id, properties: jsonSafe({ ...news, priorDownPorts: [] }), reasons: [e.message] });
      }
      throw e;
    }
  }

  /** Converges the host in place; credential-only changes touch no host. */
  async update(_id: string, oldsRaw: Record<string, unknown>, newsRaw: Record<string, unknown>): Promise<dynamic.UpdateResult> {
    const news = requireInputs(newsRaw);
    const recorded = asOutputs(oldsRaw);
    const olds = recordedInputs(oldsRaw);
    const hostChange = diffLagg(oldsRaw, newsRaw).changed.some((k) => HOST_FIELDS.has(k)) || recorded.persisted?.inSync === false;
    if (!hostChange) {
      return { outs: jsonSafe({ ...recorded, ...news, connection: news.connection }) };
    }
    const outs = await withHostLock(news.connection, () =>
      converge({
        operation: "update", news, olds, actual: desiredLaggState(olds), persistedBefore: recorded.persisted?.variables,
        priorDownPorts: recorded.priorDownPorts ?? [], persistedMode: recorded.persisted?.mode,
      }),
    );
    return { outs };
  }

  /** Reads the live lagg back; no id when it is gone. */
  async read(id: string, props?: Record<string, unknown>): Promise<dynamic.ReadResult> {
    if (!props || !props.connection) return { id, props };
    const recorded = recordedInputs(props);
    const r = await readLagg(recorded, asOutputs(props).priorDownPorts ?? []);
    if (!r) return {};
    return { id, props: r.outputs, inputs: r.inputs };
  }

  /** Destroys the lagg and removes its persisted config; a lagg already gone is not an error. */
  async delete(_id: string, props: Record<string, unknown>): Promise<void> {
    const olds = recordedInputs(props);
    const recorded = asOutputs(props);
    await withHostLock(olds.connection, () => removeLagg(olds, recorded.priorDownPorts ?? [], recorded.persisted?.variables, recorded.persisted?.mode));
  }
}
