// midclt (TrueNAS CORE middleware client, middlewared/client/client.py main()): `midclt [-q] [-t N] call
// METHOD [ARGS...]`. Each ARG is parsed as JSON, or passed as a plain string when it is not JSON.
// Results print as Python would (see truenas/pyjson.ts); errors print as truenas/errors.ts describes, exit 1.
import { CallError, midcltErrorText, ValidationErrors } from "../truenas/errors";
import { midcltResultText } from "../truenas/pyjson";
import type { SimCommand } from "./host";

const USAGE = "usage: midclt [-h] [-q] [-u URI] [-U USERNAME] [-P PASSWORD] [-K API_KEY] [-t TIMEOUT]\n" +
  "              {call,ping,waitready,sql,subscribe} ...\n";
const CALL_USAGE = "usage: midclt call [-h] [-j JOB] [-jp {progressbar,description}] method [method ...]\n";

function fromJson(arg: string): unknown {
  try {
    return JSON.parse(arg);
  } catch {
    return arg;
  }
}

/** The midclt command (TrueNAS machines only). */
export const midclt: SimCommand = (host, call) => {
  const argv = [...call.argv];
  let quiet = false;
  // argparse: global options before the sub-command; -t/-u/-U/-P/-K take a value.
  while (argv.length && argv[0].startsWith("-")) {
    const opt = argv.shift()!;
    if (opt === "-q" || opt === "--quiet") quiet = true;
    else if (/^(-[tuUPK]|--(timeout|uri|username|password|api-key))$/.test(opt)) {
      const value = argv.shift();
      if (value === undefined) return { stdout: "", stderr: `${USAGE}midclt: error: argument ${opt}: expected one argument\n`, exitCode: 2 };
      if (/t|timeout/.test(opt) && !/^-?\d+$/.test(value)) {
        return { stdout: "", stderr: `${USAGE}midclt: error: argument -t/--timeout: invalid int value: '${value}'\n`, exitCode: 2 };
      }
    } else if (/^-t\d+$/.test(opt)) continue;
    else return { stdout: "", stderr: `${USAGE}midclt: error: unrecognized arguments: ${opt}\n`, exitCode: 2 };
  }
  const sub = argv.shift();
  if (sub === "ping" || sub === "waitready") return { stdout: "", stderr: "", exitCode: 0 };
  // argparse with no sub-command does nothing and exits 0.
  if (sub === undefined) return { stdout: "", stderr: "", exitCode: 0 };
  if (sub !== "call") {
    const choices = "(choose from 'call', 'ping', 'waitready', 'sql', 'subscribe')";
    return { stdout: "", stderr: `${USAGE}midclt: error: argument name: invalid choice: '${sub}' ${choices}\n`, exitCode: 2 };
  }
  if (argv[0] === "-j" || argv[0] === "--job") argv.splice(0, 2);
  if (argv.length === 0) {
    return { stdout: "", stderr: `${CALL_USAGE}midclt call: error: the following arguments are required: method\n`, exitCode: 2 };
  }
  const middleware = host.middleware;
  if (!middleware) return { stdout: "", stderr: "Failed to run middleware call. Daemon not running?\n", exitCode: 1 };
  const [method, ...rest] = argv;
  try {
    const result = middleware.call(method, rest.map(fromJson));
    return { stdout: midcltResultText(result), stderr: "", exitCode: 0 };
  } catch (error) {
    if (!(error instanceof CallError || error instanceof ValidationErrors)) throw error;
    return { stdout: "", stderr: quiet ? "" : midcltErrorText(error), exitCode: 1 };
  }
};
