// One LACP lagg with jumbo frames, two addresses and a description: the quick-start program.
import * as pulumi from "@pulumi/pulumi";
import { Lagg } from "../../provider";
import { connectionFromConfig } from "../connection-config";

const cfg = new pulumi.Config();

const uplink = new Lagg("nas1-uplink", {
  connection: connectionFromConfig(cfg),
  name: cfg.get("laggName") ?? "lagg0",
  protocol: (cfg.get("protocol") as "lacp" | undefined) ?? "lacp",
  ports: cfg.getObject<string[]>("ports") ?? ["igb0", "igb1"],
  mtu: cfg.getNumber("mtu") ?? 9000,
  description: cfg.get("description") ?? "uplink to core-sw1",
  addresses: cfg.getObject<string[]>("addresses") ?? ["192.0.2.10/24", "2001:db8::10/64"],
  hash: ["l3", "l4"],
  lacpFastTimeout: true,
  persist: "rc.conf",
});

export const laggName = uplink.name;
export const activePorts = uplink.status.activePorts;
export const lacpNegotiated = uplink.status.lacpNegotiated;
