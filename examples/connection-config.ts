// Where the examples get their SSH connection: stack config, else a local simulator's details file.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "../provider";

/** The JSON line `npm run sim -- --json` prints (saved to a file by the user or the demo). */
export interface SimDetails {
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
  hostKey: string;
}

/** Reads a simulator details file: `$LAGG_SIM_FILE`, else `.lagg-sim.json` in the working directory. */
export function readSimDetails(file = process.env.LAGG_SIM_FILE ?? path.resolve(".lagg-sim.json")): SimDetails | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8").trim().split("\n").pop() ?? "{}") as SimDetails;
}

/** A connection from a simulator details object (the key is read from its file). */
export function simConnection(sim: SimDetails): Connection {
  return { host: sim.host, port: sim.port, user: sim.user, privateKey: fs.readFileSync(sim.privateKeyPath, "utf8"), hostKey: sim.hostKey };
}

/**
 * The connection from stack config (`host`, `port`, `user`, secret `privateKey`, `hostKey`), or,
 * when `host` is not set, from a running simulator (`npm run sim -- --json > .lagg-sim.json`).
 */
export function connectionFromConfig(cfg = new pulumi.Config()): pulumi.Input<Connection> {
  const host = cfg.get("host");
  if (host) {
    return pulumi.all([cfg.requireSecret("privateKey")]).apply(([privateKey]) => ({
      host,
      port: cfg.getNumber("port") ?? 22,
      user: cfg.get("user") ?? "root",
      privateKey,
      hostKey: cfg.require("hostKey"),
    }));
  }
  const sim = readSimDetails();
  if (!sim) {
    throw new Error("no `host` in stack config and no simulator details (.lagg-sim.json): run `npm run sim -- --json > .lagg-sim.json` or `pulumi config set host ...`");
  }
  return simConnection(sim);
}
