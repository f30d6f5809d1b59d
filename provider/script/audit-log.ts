// Showing what runs as root: with LAGG_LOG_SCRIPTS=1 in the environment of `pulumi up` (or preview,
// refresh, destroy), the provider logs every script in full before it runs it, through the same
// log the progress lines use. Scripts carry no secrets: connection values never reach a script
// (test/unit/host/audit.test.ts checks it).

/** The environment switch that makes the provider log every script before running it. */
export const LOG_SCRIPTS_ENV = "LAGG_LOG_SCRIPTS";

/** Whether the switch is on ("1", "true" or "yes"). */
export function logScriptsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return ["1", "true", "yes"].includes((env[LOG_SCRIPTS_ENV] ?? "").toLowerCase());
}

/** The log text for one script: a begin line naming the host and what the script is for, the script, an end line. */
export function formatScriptLog(host: string, script: string): string {
  const title = script.match(/^# pulumi-freebsd-lagg: (.*)$/m)?.[1] ?? "script";
  return [
    `[pulumi-freebsd-lagg ${host}] script for ${title} (/bin/sh -s on the host), ${script.length} bytes:`,
    `----- BEGIN SCRIPT -----`,
    script.replace(/\n$/, ""),
    `----- END SCRIPT -----`,
  ].join("\n");
}

/** Logs `script` when the switch is on; `log` is the provider's log (console.log, which `pulumi up` shows). */
export function logScriptIfAsked(host: string, script: string, env: NodeJS.ProcessEnv = process.env, log: (text: string) => void = console.log): void {
  if (logScriptsEnabled(env)) log(formatScriptLog(host, script));
}
