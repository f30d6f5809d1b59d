// Public face of the script renderer (see provider/script/ for the parts, provider/script/host/ for
// the shell and awk that run on the host).
export { renderApplyScript, renderReadScript, RESULT, type ApplySpec, type ExpectedState } from "./script/render";
export { parseScriptOutput, type ScriptOutcome } from "./script/result";
export type { ExpectOptions } from "./script/expect";
