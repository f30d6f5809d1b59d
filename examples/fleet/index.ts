// Inventory-driven: one Lagg per (host, lagg) entry of a JSON inventory.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Lagg, type LaggResourceArgs } from "../../provider";

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
const file = process.env.LAGG_INVENTORY ?? cfg.get("inventory") ?? path.join(__dirname, "inventory.json");
const inventory = JSON.parse(fs.readFileSync(file, "utf8")) as { hosts: InventoryHost[] };

export const laggs = inventory.hosts.flatMap((h) =>
  h.laggs.map((lagg) => {
    const privateKey = h.privateKeyPath ? pulumi.secret(fs.readFileSync(h.privateKeyPath, "utf8")) : cfg.requireSecret("privateKey");
    const connection = privateKey.apply((key) => ({ host: h.host, port: h.port ?? 22, user: h.user ?? "root", privateKey: key, hostKey: h.hostKey }));
    return new Lagg(`${h.name ?? h.host}-${String(lagg.name)}`, { ...lagg, connection }).name;
  }),
);
