// The words of `lagg-driver` (the shipped engine-less driver): parsed into a plain description of the run (pure).
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

/** What `lagg-driver` can do: the four Pulumi CLI operations, and `test`, a whole lifecycle on its own host. */
export const DRIVER_COMMANDS = ["preview", "up", "refresh", "destroy", "test"] as const;
export type DriverCommand = (typeof DRIVER_COMMANDS)[number];

/** One config value as the driver hands it to the program (`pulumi config set [--secret]`). */
export type DriverConfigValue = string | { value: string; secret: true };

/** A parsed `lagg-driver` command line. */
export interface DriverRun {
  command: DriverCommand;
  /** The compiled program (its main .js), absolute. */
  program: string;
  /** The program's directory: its node_modules must hold pulumi-freebsd-lagg and @pulumi/pulumi. */
  cwd: string;
  project: string;
  stack: string;
  /** The JSON state file the driver keeps between runs, absolute. */
  statePath: string;
  /** `--config` / `--secret` values, keys `<project>:<key>` unless given with a namespace. */
  config: Record<string, DriverConfigValue>;
  /** `--sim FILE`: the JSON line `lagg-sim --json` printed (host, port, user, privateKeyPath, hostKey). */
  simFile?: string;
  /** `test` only: the simulated host it starts. */
  simHost: { truenas: boolean; interfaces?: string };
  /** Steps in flight at once (`pulumi up --parallel`). */
  parallel?: number;
}

/** The usage text (`--help`). */
export const DRIVER_USAGE = `usage: lagg-driver <preview|up|refresh|destroy|test> --program FILE.js [options]

Runs a compiled Pulumi program the way the Pulumi CLI does (the real dynamic-provider host over gRPC,
a JSON state file) without the Pulumi CLI or a Pulumi backend. For trying a program against a
simulated host (lagg-sim) in CI.

  preview | up | refresh | destroy   the Pulumi operation, on the state in --state
  test                               start a simulated host, then up, preview (must show no change),
                                     refresh (must find no drift) and destroy (must leave no lagg);
                                     exits 1 if any step fails

options:
  --program FILE.js        the compiled program (required)
  --project NAME           default: the name in ./Pulumi.yaml
  --stack NAME             default: dev
  --state FILE             default: .lagg-state/<stack>.json
  --config KEY=VALUE       stack config (repeatable); KEY without ':' is <project>:KEY
  --secret KEY=VALUE       the same, as a secret
  --sim FILE.json          what 'lagg-sim --json' printed: sets config host, port, user, hostKey and the
                           secret privateKey (the key file's text)
  --truenas                test: the simulated host is TrueNAS CORE
  --interfaces LIST        test: the simulated host's NICs (as lagg-sim --interfaces)
  --parallel N             steps in flight at once (default 8 on 2 cores, as the CLI)
  --help                   this text
`;

/** The project name in a Pulumi.yaml's top-level `name:` line, or undefined. */
export function projectNameOf(pulumiYaml: string): string | undefined {
  const m = /^name:\s*["']?([^"'\s#]+)["']?\s*(#.*)?$/m.exec(pulumiYaml);
  return m?.[1];
}

function configEntry(text: string, flag: string, project: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`${flag} needs KEY=VALUE, got ${JSON.stringify(text)}`);
  const key = text.slice(0, eq);
  return [key.includes(":") ? key : `${project}:${key}`, text.slice(eq + 1)];
}

/** Parses `lagg-driver` arguments; throws an Error whose message is for the user (usage included where it helps). */
export function parseDriverArgs(args: string[], cwd: string): DriverRun | "help" {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      program: { type: "string" },
      project: { type: "string" },
      stack: { type: "string", default: "dev" },
      state: { type: "string" },
      config: { type: "string", multiple: true, default: [] },
      secret: { type: "string", multiple: true, default: [] },
      sim: { type: "string" },
      truenas: { type: "boolean", default: false },
      interfaces: { type: "string" },
      parallel: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  const [command, ...rest] = positionals;
  if (!(DRIVER_COMMANDS as readonly string[]).includes(command ?? "")) {
    throw new Error(`expected one of ${DRIVER_COMMANDS.join(", ")}${command ? `, got ${JSON.stringify(command)}` : ""}\n\n${DRIVER_USAGE}`);
  }
  if (rest.length > 0) throw new Error(`unexpected ${JSON.stringify(rest[0])}\n\n${DRIVER_USAGE}`);
  if (!values.program) throw new Error(`--program is required\n\n${DRIVER_USAGE}`);
  const yaml = path.join(cwd, "Pulumi.yaml");
  const project = values.project ?? (fs.existsSync(yaml) ? projectNameOf(fs.readFileSync(yaml, "utf8")) : undefined);
  if (!project) throw new Error("--project is required when ./Pulumi.yaml has no name");
  if ((values.sim || command !== "test") && (values.truenas || values.interfaces)) {
    throw new Error("--truenas and --interfaces describe the host `test` starts; for lagg-sim, pass them to lagg-sim");
  }
  if (values.sim && command === "test") throw new Error("test starts its own simulated host: drop --sim");
  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1)) throw new Error(`--parallel needs a positive integer, got ${JSON.stringify(values.parallel)}`);
  const config: Record<string, DriverConfigValue> = {};
  for (const text of values.config) {
    const [k, v] = configEntry(text, "--config", project);
    config[k] = v;
  }
  for (const text of values.secret) {
    const [k, v] = configEntry(text, "--secret", project);
    config[k] = { value: v, secret: true };
  }
  const stack = values.stack;
  return {
    command: command as DriverCommand,
    program: path.resolve(cwd, values.program),
    cwd,
    project,
    stack,
    statePath: path.resolve(cwd, values.state ?? path.join(".lagg-state", `${stack}.json`)),
    config,
    simFile: values.sim === undefined ? undefined : path.resolve(cwd, values.sim),
    simHost: { truenas: values.truenas, interfaces: values.interfaces },
    parallel,
  };
}

/** What `lagg-sim --json` printed, as the config keys a program reads (the README's stack-config program). */
export function simConfig(project: string, sim: { host: string; port: number; user: string; hostKey: string; privateKey: string }): Record<string, DriverConfigValue> {
  return {
    [`${project}:host`]: sim.host,
    [`${project}:port`]: String(sim.port),
    [`${project}:user`]: sim.user,
    [`${project}:hostKey`]: sim.hostKey,
    [`${project}:privateKey`]: { value: sim.privateKey, secret: true },
  };
}
