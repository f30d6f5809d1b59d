// The Pulumi program the end-to-end tests drive: one Lagg per entry of the `e2e:laggs` config
// object, connected to the simulator described by `e2e:sim` (or by the entry's own `sim`, so one stack can
// span many hosts, each with its own client key).
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { Lagg, type LaggResourceArgs } from "../../provider";

interface SimDetails { host: string; port: number; user: string; privateKeyPath: string; hostKey: string }
type LaggEntry = Omit<LaggResourceArgs, "connection"> & { connection?: Record<string, unknown>; sim?: SimDetails };

const cfg = new pulumi.Config("e2e");
const sim = cfg.requireObject<SimDetails>("sim");
const laggs = cfg.requireObject<Record<string, LaggEntry>>("laggs");

for (const [resourceName, { sim: own, ...entry }] of Object.entries(laggs)) {
  const target = own ?? sim;
  // The key is an Output, as `cfg.requireSecret(...)` gives users: connection fields are Inputs.
  const base = { host: target.host, port: target.port, user: target.user, privateKey: pulumi.secret(fs.readFileSync(target.privateKeyPath, "utf8")), hostKey: target.hostKey };
  // `connection` entries override the simulator's fields; a null value removes one (key rotation to a password).
  const connection = Object.fromEntries(Object.entries({ ...base, ...(entry.connection ?? {}) }).filter(([, v]) => v !== null));
  new Lagg(resourceName, { ...entry, connection: connection as unknown as LaggResourceArgs["connection"] });
}
