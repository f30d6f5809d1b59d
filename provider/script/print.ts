// The script for given inputs, without a host: what a change review or a security audit reads to
// know what will run as root. The plan assumes the host shows what the inputs say (create: the lagg
// is absent; update/delete: the host matches the old inputs), as the provider does before it has
// seen drift; the nonce is a fixed placeholder (the provider draws a random one per run).
import { convergeSpec, removalSpec, reportNames } from "../operations/spec";
import { truenasApplySpec, truenasRemovalSpec } from "../ways/truenas/spec";
import { checkLaggArgs } from "../schema";
import { desiredLaggState } from "../state";
import type { LaggInputs } from "../types";
import { renderApplyScript } from "./render";
import { renderReadPhase, renderReadScript } from "./read";
import { renderPortReadScript } from "../operations/port-read";
import { renderConfirmScript } from "./safe-apply";
import { renderTruenasConfirmScript, renderTruenasScript, truenasQueryLine } from "./truenas";

/** The operations a script can be printed for. */
export const PRINTABLE_OPERATIONS = ["create", "update", "delete", "read", "confirm"] as const;
export type PrintableOperation = (typeof PRINTABLE_OPERATIONS)[number];

/** The nonce printed scripts carry (the provider uses a random one per run). */
export const PRINT_NONCE = "@@lagg-PRINTED";

/** The nonce of the joining ports' read in printed scripts. */
export const PRINT_READ_NONCE = "@@lagg-PRINTED-READ";

/** Printed between the two parts of one exec (a comment: the printed text still runs as one script). */
export const READ_THEN_CHANGE = "# ---- the shell waits here, in the same exec, while the provider plans the change below from what the read above printed (shown as planned for ports with no configuration of their own):\n";

/** One exec in two parts: the joining ports' read (ending with its sentinel line), then the change. */
export function readThenChange(ports: readonly string[], change: string): string {
  return ports.length === 0 ? change : `${renderReadPhase(renderPortReadScript(ports, PRINT_READ_NONCE), PRINT_READ_NONCE)}${READ_THEN_CHANGE}${change}`;
}

/** Stands in for a connection the args leave out: the script does not depend on it. */
const PLACEHOLDER_CONNECTION = { host: "host.invalid", password: "unused", insecureSkipHostKeyCheck: true };

/** Checks raw Lagg args the way the provider does; throws with every failure. */
export function checkedInputs(raw: Record<string, unknown>): LaggInputs {
  const { inputs, failures } = checkLaggArgs({ connection: PLACEHOLDER_CONNECTION, ...raw });
  if (failures.length > 0) throw new Error(`invalid Lagg args:\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
  return inputs as unknown as LaggInputs;
}

/**
 * The script(s) one operation sends to the host for these args (raw Lagg args, as in a program).
 * `update` and `confirm` of an update need the previous args in `olds`. persist "auto" prints the
 * rc.conf script, which refuses on TrueNAS CORE, and then the TrueNAS script the provider runs instead.
 * A create, and an update that adds ports, send the joining ports' read first in the same exec (readThenChange).
 */
export function renderScriptFor(operation: PrintableOperation, args: Record<string, unknown>, olds?: Record<string, unknown>): string[] {
  const news = checkedInputs(args);
  const old = olds ? checkedInputs(olds) : undefined;
  if (operation === "update" && !old) throw new Error("update needs the previous args (--old old.json)");
  const rcconf = news.persist !== "truenas";
  const truenas = news.persist === "truenas" || news.persist === "auto";
  const out: string[] = [];
  const converge = () =>
    convergeSpec(old
      ? { operation: "update", nonce: PRINT_NONCE, news, olds: old, actual: desiredLaggState(old), checkActual: true }
      : { operation: "create", nonce: PRINT_NONCE, news, checkActual: true });
  const truenasSpec = () => truenasApplySpec(old ? { operation: "update", news, olds: old, actual: desiredLaggState(old) } : { operation: "create", news }, PRINT_NONCE);
  switch (operation) {
    case "create":
    case "update":
      if (rcconf) out.push(readThenChange(news.ports.filter((p) => !old?.ports.includes(p)), renderApplyScript(converge())));
      if (truenas) out.push(renderTruenasScript(truenasSpec()));
      break;
    case "confirm":
      if (rcconf) out.push(renderConfirmScript(converge()));
      if (truenas) out.push(renderTruenasConfirmScript(truenasSpec()));
      break;
    case "delete":
      if (rcconf) out.push(renderApplyScript(removalSpec(PRINT_NONCE, news, [])));
      if (truenas) out.push(renderTruenasScript(truenasRemovalSpec(news, PRINT_NONCE)));
      break;
    case "read": {
      const t = truenas ? { line: truenasQueryLine(news.name), always: news.persist === "truenas" } : undefined;
      out.push(renderReadScript(news.name, PRINT_NONCE, reportNames(news), t));
      break;
    }
  }
  return out;
}
