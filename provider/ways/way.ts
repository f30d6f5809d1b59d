// One way a lagg is persisted (issue 18): FreeBSD rc.conf (ways/rcconf.ts), `persist: "none"`
// (ways/none.ts) and the TrueNAS CORE middleware (ways/truenas/). The operations (converge, remove, read)
// run every way the same: they ask the way chosen for the operation (operations/choose-way.ts) what is
// persisted and for the planned change, run it (operations/attempt.ts), and confirm it the way's way.
// Another way (TrueNAS SCALE's bonds, say) is another implementation of this interface.
import type { InternalState, PersistedView } from "../outputs";
import type { RcVars } from "../persist/rcconf";
import type { LaggState } from "../state";
import type { LaggInputs } from "../types";
import type { ConfirmJob } from "../operations/confirm";
import type { HostRun, MarkedScript } from "../operations/run";

/** Where a create or update starts from: the inputs, what the host is believed to show, and the records. */
export interface ChangeFrom {
  operation: "create" | "update";
  news: LaggInputs;
  olds?: LaggInputs;
  /** What the host is believed to show; undefined = the lagg does not exist. */
  actual?: LaggState;
  /** rc.conf: the persisted variables as last seen (else derived from `olds`). */
  persistedBefore?: RcVars;
  priorDownPorts: string[];
  /** How the lagg was persisted so far (recorded, or seen by a read): decides the way with persist "auto". */
  persistedMode?: PersistedView["mode"];
  /** The recorded internal state (ports' own configuration, cloned_interfaces); updated with joining ports. */
  internal?: InternalState;
}

/** Where a delete starts from. */
export interface RemovalFrom {
  olds: LaggInputs;
  internal: InternalState;
  persistedBefore?: RcVars;
  persistedMode?: PersistedView["mode"];
}

/** How a change left waiting (commit-confirmed) or cut off by a lost session is confirmed from a fresh connection. */
export interface Confirmation {
  job: ConfirmJob;
  /** Logged when the session was lost and the change may be running on the host. */
  whenLost: string;
  /** Logged when the script left the change waiting for a confirmation from a fresh connection. */
  whenPending: string;
}

/** One change ready to send: the script, how to confirm it, and what to log once it applied. */
export interface PlannedRun {
  kind: "run";
  operation: "create" | "update" | "delete";
  name: string;
  script: MarkedScript;
  /** Undefined: the change cannot be left pending; a lost session means reading the host again. */
  confirm?: Confirmation;
  /** What the plan decided that the log should say, logged only once the change applied (never before a refusal). */
  notes: string[];
  /** The plan's starting point with what a read before it found (the joining ports' records). */
  from?: ChangeFrom;
  /** Internal state this change leaves once it applied (not before: a re-plan after drift starts from `from`). */
  recordAfter?: Partial<InternalState>;
}

/** A read to run first in the same exec (it changes nothing), and the change planned from what it printed. */
export interface ReadFirst {
  kind: "read-first";
  name: string;
  read: MarkedScript;
  plan: (readRun: HostRun) => PlannedRun;
}

/** One way a lagg is persisted. */
export interface PersistWay {
  readonly mode: PersistedView["mode"];
  /** What is persisted, from the report a script printed between its PERSIST markers, judged against `i`. */
  view(i: LaggInputs, persistText: string, internal?: InternalState): PersistedView;
  /**
   * What a re-plan (after drift, or after a lost session) takes as persisted before, from the report a script
   * printed between its PERSIST markers; undefined when the way plans without it (the middleware's row is
   * re-read by its own script).
   */
  persistedBefore(persistText: string): RcVars | undefined;
  /** Plans a create or update (the persisted change with the live one), possibly after a read of its ports. */
  planChange(f: ChangeFrom): PlannedRun | ReadFirst;
  /** Plans a delete: the lagg gone, its persisted configuration removed, its ports' own given back. */
  planRemoval(r: RemovalFrom): PlannedRun;
}
