// midclt (TrueNAS CORE middleware client, middlewared/client/client.py main()): `midclt [-q] [-t N] call
// METHOD [ARGS...]`. Each ARG is parsed as JSON, or passed as a plain string when it is not JSON.
// Results print as Python would (see truenas/pyjson.ts); errors print as truenas/errors.ts describes, exit 1.
// The client waits `-t N` seconds, else $CALL_TIMEOUT, else 60 (client.py TN-13.3-U1.2: CALL_TIMEOUT =
// int(os.environ.get('CALL_TIMEOUT', 60)); `if args.timeout:` so -t 0 means the default); then it raises
// CallTimeout("Call timeout"): that line on stderr, exit 1, while the call goes on in middlewared.
import type { CommandResult } from "../machine-api";
import { CallError, midcltErrorText, ValidationErrors } from "../truenas/errors";
import { midcltResultText } from "../truenas/pyjson";
import type { SimCommand } from "./host";

/**
 * A result that is only known later (a midclt call still running in the middleware). machine.run awaits
 * `deferred`; in-process callers of host.exec get the placeholder fields.
 */
export interface DeferredCommandResult extends CommandResult {
  deferred?: Promise<CommandResult>;
}

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
  let timeoutSeconds = 0;
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
      if (/t|timeout/.test(opt)) timeoutSeconds = Number(value);
    } else if (/^-t\d+$/.test(opt)) timeoutSeconds = Number(opt.slice(2));
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
  const settle = (run: () => unknown): CommandResult => {
    try {
      return { stdout: midcltResultText(run()), stderr: "", exitCode: 0 };
    } catch (error) {
      if (!(error instanceof CallError || error instanceof ValidationErrors)) throw error;
      return { stdout: "", stderr: quiet ? "" : midcltErrorText(error), exitCode: 1 };
    }
  };
  let result: unknown;
  const now = settle(() => (result = middleware.call(method, rest.map(fromJson))));
  if (!(result instanceof Promise)) return now;
  // Python: int(os.environ.get(...)) of a non-number raises at import; treated as the default here.
  const envTimeout = Number.parseInt(call.env.CALL_TIMEOUT ?? "", 10);
  const seconds = timeoutSeconds || (Number.isFinite(envTimeout) ? envTimeout : 60);
  const answer = (result as Promise<unknown>).then(
    (value) => settle(() => value),
    (error: unknown) => settle(() => { throw error; }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CommandResult>((resolve) => {
    timer = setTimeout(() => resolve({ stdout: "", stderr: quiet ? "" : "Call timeout\n", exitCode: 1 }), seconds * middleware.midcltSecondMs);
  });
  // The middleware keeps running a call midclt gave up on; its outcome is then nobody's.
  answer.catch(() => undefined);
  const deferred: DeferredCommandResult = {
    stdout: "", stderr: "", exitCode: 0,
    deferred: Promise.race([answer, timeout]).finally(() => clearTimeout(timer)),
  };
  return deferred;
};
