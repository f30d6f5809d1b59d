// Public face of the script renderer (see provider/script/ for the parts).
export { renderApplyScript, renderReadScript, RESULT, type ApplySpec, type ExpectedState } from "./script/render";
export { parseScriptOutput, type ScriptOutcome } from "./script/result";
export type { ExpectOptions } from "./script/expect";
