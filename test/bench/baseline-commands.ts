// The commands a `@pulumi/command` user would run for each workload, one remote command per step, each on a
// fresh SSH connection (remote.Command dials for every create), for the baseline.
import { shJoin } from "../../provider/shell";
import { checkLaggArgs } from "../../provider/schema";
import { convergeSpec } from "../../provider/operations/spec";
import type { LaggInputs } from "../../provider/types";
import { benchLagg } from "./fleet";

const CONNECTION = { host: "127.0.0.1", privateKey: "unused", insecureSkipHostKeyCheck: true };

/** The ifconfig and sysrc commands that create lagg number `index` and persist it. */
export function createCommands(index: number): string[] {
  const args = { connection: CONNECTION, ...benchLagg(index) };
  const spec = convergeSpec({ operation: "create", nonce: "x", news: checkLaggArgs(args).inputs as unknown as LaggInputs, checkActual: false });
  const name = `lagg${index}`;
  const persist = (spec.rcConf?.set ?? []).map(([k, v]) => shJoin(["sysrc", `${k}=${v}`]));
  return [...spec.steps.map((s) => shJoin(s.argv)), shJoin(["sysrc", `cloned_interfaces+=${name}`]), ...persist];
}

/** Reading lagg0 back: its live state and its rc.conf lines. */
export function refreshCommands(): string[] {
  return ["ifconfig -v lagg0", "sysrc -e cloned_interfaces ifconfig_lagg0 ifconfig_lagg0_ipv6 ifconfig_lagg0_descr"];
}

/** lagg0's MTU to 1500, live and in rc.conf. */
export function updateCommands(): string[] {
  const line = (createCommands(0).find((c) => c.startsWith("sysrc ifconfig_lagg0=")) ?? "").replace(/mtu 9000/, "mtu 1500");
  return ["ifconfig lagg0 mtu 1500", line];
}

/** lagg number `index` gone, live and from rc.conf. */
export function destroyCommands(index: number): string[] {
  const name = `lagg${index}`;
  return [`ifconfig ${name} destroy`, `sysrc cloned_interfaces-=${name}`, `sysrc -x ifconfig_${name} ifconfig_${name}_ipv6 ifconfig_${name}_descr`];
}
