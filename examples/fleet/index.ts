// Inventory-driven: one Lagg per (host, lagg) entry of a JSON inventory. Copy the directory into an infra repo
// as is (index.ts + inventory.json): it needs only `pulumi-freebsd-lagg` and `@pulumi/pulumi`.
// `persist` defaults to "auto": rc.conf on FreeBSD hosts, the middleware on TrueNAS CORE hosts, in one fleet.
// Importing inventory.json needs `"resolveJsonModule": true` and `"esModuleInterop": true` in tsconfig.json.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { Lagg, type LaggResourceArgs } from "pulumi-freebsd-lagg";
// Imported (not read by path) so the compiled program carries it: tsc emits it next to index.js.
import bundledInventory from "./inventory.json";

/** One host of the inventory: where to connect and which laggs it carries. */
export interface InventoryHost {
  /** A label for resource names (`<name>-lagg0`); default: `host`. */
  name?: string;
  host: string;
  port?: number;
  user?: string;
  hostKey: string;
  /** Path of the private key file; default: the `privateKey` secret from stack config. */
  privateKeyPath?: string;
  laggs: Omit<LaggResourceArgs, "connection">[];
}

const cfg = new pulumi.Config();
// Another inventory file: `pulumi config set inventory path/to/inventory.json` (or $LAGG_INVENTORY).
const file = process.env.LAGG_INVENTORY ?? cfg.get("inventory");
const inventory = (file ? JSON.parse(fs.readFileSync(file, "utf8")) : bundledInventory) as { hosts: InventoryHost[] };

export const laggs = inventory.hosts.flatMap((h) =>
  h.laggs.map((lagg) => {
    const privateKey = h.privateKeyPath ? pulumi.secret(fs.readFileSync(h.privateKeyPath, "utf8")) : cfg.requireSecret("privateKey");
    const connection = privateKey.apply((key) => ({ host: h.host, port: h.port ?? 22, user: h.user ?? "root", privateKey: key, hostKey: h.hostKey }));
    return new Lagg(`${h.name ?? h.host}-${String(lagg.name)}`, { ...lagg, connection }).name;
  }),
);
