// The Lagg resource as Pulumi programs use it.
import * as pulumi from "@pulumi/pulumi";
import { SerializedLaggProvider } from "./serialized-provider";
import type { Connection, HashLayer, LaggProtocol, LaggStatus, PersistMode } from "./types";
import type { PersistedView } from "./outputs";

/** Arguments of {@link Lagg}; see the README for every default. */
export interface LaggResourceArgs {
  /** How to reach the host. The whole object is stored as a secret. */
  connection: pulumi.Input<Connection>;
  /** `laggN`. Changing it replaces the lagg. */
  name: pulumi.Input<string>;
  protocol: pulumi.Input<LaggProtocol>;
  /** Member ports; for failover the first is the primary. */
  ports: pulumi.Input<pulumi.Input<string>[]>;
  mtu?: pulumi.Input<number>;
  description?: pulumi.Input<string>;
  addresses?: pulumi.Input<pulumi.Input<string>[]>;
  dhcp?: pulumi.Input<boolean>;
  ipv6Autoconf?: pulumi.Input<boolean>;
  hash?: pulumi.Input<pulumi.Input<HashLayer>[]>;
  lacpFastTimeout?: pulumi.Input<boolean>;
  lacpStrict?: pulumi.Input<boolean>;
  useFlowid?: pulumi.Input<boolean>;
  flowidShift?: pulumi.Input<number>;
  rrLimit?: pulumi.Input<number>;
  disableHardwareOffload?: pulumi.Input<boolean>;
  options?: pulumi.Input<pulumi.Input<string>[]>;
  persist?: pulumi.Input<PersistMode>;
  safeApply?: pulumi.Input<boolean>;
  confirmTimeout?: pulumi.Input<number>;
  adopt?: pulumi.Input<boolean>;
}

/** A FreeBSD / TrueNAS CORE link aggregation (lagg(4)) managed over SSH. */
export class Lagg extends pulumi.dynamic.Resource {
  declare readonly connection: pulumi.Output<Connection>;
  declare readonly name: pulumi.Output<string>;
  declare readonly protocol: pulumi.Output<LaggProtocol>;
  declare readonly ports: pulumi.Output<string[]>;
  declare readonly mtu: pulumi.Output<number>;
  declare readonly description: pulumi.Output<string>;
  declare readonly addresses: pulumi.Output<string[]>;
  declare readonly hash: pulumi.Output<HashLayer[]>;
  declare readonly persist: pulumi.Output<PersistMode>;
  /** Observed facts: port flags, active ports, MAC, LACP negotiation. */
  declare readonly status: pulumi.Output<LaggStatus>;
  /** The persisted configuration as last read back, and whether it matches the inputs. */
  declare readonly persisted: pulumi.Output<PersistedView>;

  constructor(name: string, args: LaggResourceArgs, opts?: pulumi.CustomResourceOptions) {
    // A fresh object: dynamic.Resource writes `__provider` into the props it is given.
    const props = {
      ...args,
      connection: pulumi.secret(args.connection),
      status: undefined,
      persisted: undefined,
      priorDownPorts: undefined,
    };
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "connection"];
    super(new SerializedLaggProvider(), name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "freebsd", "Lagg");
  }
}
