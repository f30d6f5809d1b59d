// One LACP lagg with jumbo frames, two addresses and a description: the quick-start program.
// Copy it into an infra repo as is: it needs only `pulumi-freebsd-lagg` and `@pulumi/pulumi`.
//
// Connection from stack config: `host`, `port` (default 22), `user` (default root), `hostKey` and the secret
// `privateKey`. Without `host` it connects to a simulator started with `npm run --silent sim -- --json > .lagg-sim.json`
// (this repository's development host; `$LAGG_SIM_FILE` names another details file).
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { Lagg, type Connection, type LaggProtocol } from "pulumi-freebsd-lagg";

const cfg = new pulumi.Config();

function connectionFromConfig(): pulumi.Input<Connection> {
  const host = cfg.get("host");
  if (host) {
    return cfg.requireSecret("privateKey").apply((privateKey) => ({
      host, port: cfg.getNumber("port") ?? 22, user: cfg.get("user") ?? "root", privateKey, hostKey: cfg.require("hostKey"),
    }));
  }
  const simFile = process.env.LAGG_SIM_FILE ?? ".lagg-sim.json";
  if (!fs.existsSync(simFile)) {
    throw new Error("no `host` in stack config: run `pulumi config set host ...` (or start a simulator: `npm run --silent sim -- --json > .lagg-sim.json`)");
  }
  // The simulator prints one JSON line: host, port, user, privateKeyPath, hostKey.
  const sim = JSON.parse(fs.readFileSync(simFile, "utf8").trim().split("\n").pop() ?? "{}");
  return pulumi.secret({ host: sim.host, port: sim.port, user: sim.user, privateKey: fs.readFileSync(sim.privateKeyPath, "utf8"), hostKey: sim.hostKey });
}

const uplink = new Lagg("nas1-uplink", {
  connection: connectionFromConfig(),
  name: cfg.get("laggName") ?? "lagg0",
  protocol: (cfg.get("protocol") as LaggProtocol | undefined) ?? "lacp",
  ports: cfg.getObject<string[]>("ports") ?? ["igb0", "igb1"],
  mtu: cfg.getNumber("mtu") ?? 9000,
  description: cfg.get("description") ?? "uplink to core-sw1",
  addresses: cfg.getObject<string[]>("addresses") ?? ["198.51.100.10/24", "2001:db8:100::10/64"],
  hash: ["l3", "l4"],
  lacpFastTimeout: true,
  // rc.conf (sysrc) on FreeBSD, the middleware (midclt) on TrueNAS CORE: whichever the host is.
  persist: "auto",
});

export const laggName = uplink.name;
export const activePorts = uplink.status.activePorts;
export const lacpNegotiated = uplink.status.lacpNegotiated;
export const persistedTo = uplink.persisted.mode;
