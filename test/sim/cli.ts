#!/usr/bin/env node
// `npm run sim -- [--json] [--login-shell tcsh] [--truenas] [--latency-ms N] [--port N] [--interfaces a,b,c]
// [--hostname NAME] [--sshd] [--link-delay-ms N] [--lacp-delay-ms N] [--dhcp-lease-mtu N] [--no-dhcp-server]
// [--dhcp-give-up-ms N] [--fresh-install]`: starts one simulated host and serves it until SIGINT/SIGTERM.
// stdout carries only the connection details (with --json exactly one JSON line); everything else goes to stderr.
// Shipped as the package's `lagg-sim` bin (the same flags).
import { parseArgs } from "node:util";
import { parseInterfaceList } from "./cli-timing";
import { startSimHost } from "./server/sim-host";
import { LOGIN_SHELLS, type LoginShellName } from "./server/login-shells";
import type { SimHost, SimHostOptions } from "./server/sim-host-types";

const USAGE =
  "usage: lagg-sim [--json] [--login-shell sh|bash|zsh|tcsh|csh] [--truenas] [--latency-ms N] [--port N]\n" +
  "                [--interfaces em0,igb0:nolink,igb1:nolacp,ix0:maxmtu=1500,...] [--hostname NAME] [--sshd]\n" +
  "                [--link-delay-ms N] [--lacp-delay-ms N] [--dhcp-lease-mtu N] [--no-dhcp-server]\n" +
  "                [--dhcp-give-up-ms N]\n" +
  "                [--fresh-install]  (with --truenas: empty interface DB, every NIC on DHCP, sessions on em0's lease)\n" +
  "Starts one simulated FreeBSD 14 (--truenas: TrueNAS CORE) host on 127.0.0.1 and serves it until killed;\n" +
  "--json prints exactly one JSON line (host, port, user, privateKeyPath, hostKey, fingerprint) on stdout.\n" +
  "In this repository: npm run --silent sim -- [flags] (--silent keeps npm's banner off stdout).\n";

/** The usage text `--help` prints (on stdout, exit 0). */
export const SIM_USAGE = USAGE;

/** Turns command-line arguments into host options (`help`: print the usage, start nothing); throws with a usage message on bad input. */
export function parseCliArgs(args: string[]): { json: boolean; help?: true; options: SimHostOptions } {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      json: { type: "boolean", default: false },
      "login-shell": { type: "string" },
      truenas: { type: "boolean", default: false },
      "latency-ms": { type: "string" },
      port: { type: "string" },
      interfaces: { type: "string" },
      hostname: { type: "string" },
      sshd: { type: "boolean", default: false },
      "link-delay-ms": { type: "string" },
      "lacp-delay-ms": { type: "string" },
      "dhcp-lease-mtu": { type: "string" },
      "no-dhcp-server": { type: "boolean", default: false },
      "dhcp-give-up-ms": { type: "string" },
      "fresh-install": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return { json: false, help: true, options: {} };
  const shell = values["login-shell"];
  if (shell !== undefined && !LOGIN_SHELLS.includes(shell as LoginShellName)) {
    throw new Error(`--login-shell must be one of ${LOGIN_SHELLS.join(", ")}\n${USAGE}`);
  }
  if (values["fresh-install"] && !values.truenas) throw new Error(`--fresh-install needs --truenas\n${USAGE}`);
  return {
    json: values.json ?? false,
    options: {
      loginShell: shell as LoginShellName | undefined,
      truenas: values.truenas || undefined,
      latencyMs: toNumber(values["latency-ms"], "--latency-ms", 0, 60_000),
      port: toNumber(values.port, "--port", 1, 65_535),
      interfaces: values.interfaces === undefined ? undefined : parseInterfaceList(values.interfaces),
      hostname: values.hostname,
      mode: values.sshd ? "sshd" : "ssh2",
      ...(values["fresh-install"] ? { freshInstall: true } : {}),
      ...timingOptions(values),
    },
  };
}

/** --link-delay-ms, --lacp-delay-ms and the DHCP flags (omitted when not given, so defaults stay instant). */
function timingOptions(values: Record<string, string | boolean | undefined>): Partial<SimHostOptions> {
  const text = (flag: string) => values[flag] as string | undefined;
  const dhcp = {
    leaseMtu: toNumber(text("dhcp-lease-mtu"), "--dhcp-lease-mtu", 68, 65_535),
    server: values["no-dhcp-server"] ? false : undefined,
    noLinkGiveUpMs: toNumber(text("dhcp-give-up-ms"), "--dhcp-give-up-ms", 0, 3_600_000),
  };
  const given = Object.fromEntries(Object.entries(dhcp).filter(([, v]) => v !== undefined));
  const options: Partial<SimHostOptions> = {
    linkDelayMs: toNumber(text("link-delay-ms"), "--link-delay-ms", 0, 3_600_000),
    lacpDelayMs: toNumber(text("lacp-delay-ms"), "--lacp-delay-ms", 0, 3_600_000),
    ...(Object.keys(given).length ? { dhcp: given } : {}),
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

function toNumber(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${flag} needs an integer from ${min} to ${max}, got ${JSON.stringify(text)}\n${USAGE}`);
  }
  return value;
}

/** The one JSON line `--json` prints. */
export function connectionJson(host: SimHost): string {
  const { port, user, privateKeyPath, hostKey, fingerprint } = host;
  return JSON.stringify({ host: host.host, port, user, privateKeyPath, hostKey, fingerprint });
}

/** The first line of the summary: which kind of host this is, and where. */
export function bannerLine(host: Pick<SimHost, "mode" | "loginShell" | "host" | "port">, truenas: boolean): string {
  const kind = truenas ? "simulated TrueNAS CORE host" : "simulated FreeBSD host";
  return `${kind} (${host.mode}, login shell ${host.loginShell}) listening on ${host.host}:${host.port}`;
}

function humanSummary(host: SimHost, truenas: boolean): string {
  return [
    bannerLine(host, truenas),
    `  user:         ${host.user}`,
    `  private key:  ${host.privateKeyPath}`,
    `  host key:     ${host.hostKey}`,
    `  fingerprint:  ${host.fingerprint}`,
    `  state dir:    ${host.stateDir}`,
    `  try: ssh -i ${host.privateKeyPath} -p ${host.port} -o StrictHostKeyChecking=no ` +
      `-o UserKnownHostsFile=/dev/null ${host.user}@${host.host} ifconfig`,
    "Ctrl-C stops it and removes its temp files.",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message.trimEnd()}\n`);
    process.exitCode = 64;
    return;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const host = await startSimHost(parsed.options);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping the simulated host\n`);
    void host.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const summary = humanSummary(host, parsed.options.truenas === true);
  if (parsed.json) process.stdout.write(`${connectionJson(host)}\n`);
  else process.stdout.write(summary);
  if (parsed.json) process.stderr.write(summary);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
