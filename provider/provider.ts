// The dynamic ResourceProvider for Lagg: thin wiring from the engine's calls to the pure core
// (schema, diff, plan, script) and the one effect layer (ssh).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { diffLagg } from "./diff";
import { checkLaggArgs } from "./schema";
import { withHostLock } from "./ssh";
import { LaggRollbackError, LaggUnknownOutcomeError } from "./errors";
import { internalStateOf, jsonSafe } from "./outputs";
import { asOutputs, laggId, recordedInputs, requireInputs } from "./operations/inputs";
import { converge } from "./operations/converge";
import { createLagg } from "./operations/adopt";
import { HOST_FIELDS } from "./operations/changes";
import { keyAtOldRoute, LaggHostIdentityError, pinnedFingerprint, routeOf, verifyMachine } from "./operations/identity";
import { readLagg } from "./operations/read";
import { removeLagg } from "./operations/remove";
import { persistChangeProblem } from "./ways/persist-change";
import { progress } from "./operations/run";
import { desiredLaggState } from "./state";

/**
 * Manages one lagg(4) interface on a FreeBSD host over SSH. Constructible with no arguments and
 * free of per-instance state, so it survives closure serialization; connections live in a
 * per-process pool inside the ssh layer.
 */
export class LaggProvider implements dynamic.ResourceProvider {
  /** Validates and normalizes inputs without touching the network; never throws on bad input. */
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    const { inputs, failures } = checkLaggArgs(news ?? {});
    // `in` throws on a number or string: check must give failures for any input, never throw.
    const keepsProvider = news !== null && typeof news === "object" && "__provider" in news;
    return { inputs: keepsProvider ? { ...inputs, __provider: news.__provider } : inputs, failures };
  }

  /** Compares recorded outputs with new inputs (no network). */
  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    // No migration between the middleware and rc.conf: refused with the reason (ways/persist-change.ts).
    const persistProblem = persistChangeProblem(olds ?? {}, news ?? {});
    if (persistProblem) throw new Error(persistProblem);
    const d = diffLagg(olds ?? {}, news ?? {});
    const persistDrift = asOutputs(olds ?? {}).persisted?.inSync === false;
    return { changes: d.changes || persistDrift, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  /** Creates the lagg (or, with `adopt`, takes over an existing one: converging it, or with "observe" as it is). */
  async create(raw: Record<string, unknown>): Promise<dynamic.CreateResult> {
    const news = requireInputs(raw);
    const id = laggId(news);
    try {
      const outs = await withHostLock(news.connection, () => createLagg(news));
      return { id, outs };
    } catch (e) {
      // The lagg may exist now: hand Pulumi the id so it is recorded (and can be deleted), not leaked.
      if (e instanceof LaggRollbackError || e instanceof LaggUnknownOutcomeError) {
        throw Object.assign(e, { id, properties: jsonSafe({ ...news, internalState: { downPortsToRestore: [] } }), reasons: [e.message] });
      }
      throw e;
    }
  }

  /**
   * Converges the host in place. A new address (host, port, jump host) is checked to reach the same machine
   * first; credential-only changes touch no host.
   */
  async update(_id: string, oldsRaw: Record<string, unknown>, newsRaw: Record<string, unknown>): Promise<dynamic.UpdateResult> {
    const news = requireInputs(newsRaw);
    const recorded = asOutputs(oldsRaw);
    const olds = recordedInputs(oldsRaw);
    const moved = routeOf(olds.connection) !== routeOf(news.connection);
    const hostChange = diffLagg(oldsRaw, newsRaw).changed.some((k) => HOST_FIELDS.includes(k)) || recorded.persisted?.inSync === false;
    const internalState = internalStateOf(recorded);
    if (!hostChange && !moved) {
      // Credentials only: no host contact (old state gets its host key at the next read or host change).
      // A new pinned host key (the machine was rekeyed) becomes the recorded identity.
      const hostKeyFingerprint = pinnedFingerprint(news.connection) ?? recorded.hostKeyFingerprint;
      return { outs: jsonSafe({ ...recorded, ...news, connection: news.connection, hostKeyFingerprint, internalState, priorDownPorts: undefined }) };
    }
    const outs = await withHostLock(news.connection, async () => {
      let known = recorded.hostKeyFingerprint;
      if (!known && moved) {
        known = await keyAtOldRoute(olds.connection);
        if (!known) progress(news.connection.host, `${news.name}: the state holds no host key (written by an older version) and ${routeOf(olds.connection)} no longer answers, so the new address cannot be checked to be the same machine`);
      }
      const hostKeyFingerprint = await verifyMachine(news.name, news.connection, known, moved ? routeOf(olds.connection) : undefined);
      if (moved) progress(news.connection.host, `${news.name}: now reached as ${routeOf(news.connection)} (was ${routeOf(olds.connection)}); same machine, host key ${hostKeyFingerprint}`);
      if (!hostChange) return jsonSafe({ ...recorded, ...news, connection: news.connection, hostKeyFingerprint, internalState, priorDownPorts: undefined });
      return converge({
        operation: "update", news, olds, actual: desiredLaggState(olds), persistedBefore: recorded.persisted?.variables,
        priorDownPorts: internalState.downPortsToRestore, persistedMode: recorded.persisted?.mode, internal: internalState,
      });
    });
    return { outs };
  }

  /** Reads the live lagg back; no id when it is gone. Old state gets its host key recorded. */
  async read(id: string, props?: Record<string, unknown>): Promise<dynamic.ReadResult> {
    if (!props || !props.connection) return { id, props };
    const recorded = asOutputs(props);
    const inputs = recordedInputs(props);
    const r = await readLagg(inputs, internalStateOf(recorded));
    const known = recorded.hostKeyFingerprint;
    if (known && r.hostKeyFingerprint && r.hostKeyFingerprint !== known) {
      throw new LaggHostIdentityError(inputs.name, routeOf(inputs.connection), known, r.hostKeyFingerprint);
    }
    if (!r.found) return {};
    return { id, props: r.found.outputs, inputs: r.found.inputs };
  }

  /** Destroys the lagg and removes its persisted config; a lagg already gone is not an error. */
  async delete(_id: string, props: Record<string, unknown>): Promise<void> {
    const olds = recordedInputs(props);
    const recorded = asOutputs(props);
    await withHostLock(olds.connection, async () => {
      // Never destroy a lagg of the same name on another machine that now answers at the recorded address.
      if (recorded.hostKeyFingerprint) await verifyMachine(olds.name, olds.connection, recorded.hostKeyFingerprint);
      await removeLagg(olds, internalStateOf(recorded), recorded.persisted?.variables, recorded.persisted?.mode);
    });
  }
}
