// Public exports of pulumi-freebsd-lagg.
export { Lagg, type LaggResourceArgs, type ConnectionArgs, type HopConnectionArgs } from "./lagg";
export { LaggProvider } from "./provider";
export { parseIfconfig, IfconfigParseError } from "./ifconfig/parse";
export type { IfconfigInterface, LaggRecord, LaggPortRecord, BitField, InetAddress, Inet6Address } from "./ifconfig/types";
export type { LaggArgs, LaggInputs, LaggStatus, Connection, HopConnection, LaggProtocol, HashLayer, PersistMode } from "./types";
export type { LaggOutputs, PersistedView } from "./outputs";
export { checkLaggArgs, UNKNOWN, type CheckFailure } from "./schema";
export { diffLagg, type LaggDiff } from "./diff";
export { planLaggChanges, planLaggRemoval } from "./plan";
export type { Step } from "./step";
export { renderApplyScript, renderReadScript, parseScriptOutput, type ApplySpec } from "./script";
// The audit entry point: the exact scripts an operation sends, for given args, without a host (also the
// `lagg-print-script` bin).
export { renderScriptFor, PRINTABLE_OPERATIONS, type PrintableOperation } from "./script/print";
export * from "./errors";
