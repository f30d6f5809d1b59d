// The Lagg resource as Pulumi programs use it.
import * as pulumi from "@pulumi/pulumi";
import { SerializedLaggProvider } from "./serialized-provider";
import type { AdoptMode, Connection, HashLayer, HopConnection, LaggProtocol, LaggStatus, PersistMode } from "./types";
import type { InternalState, PersistedView } from "./outputs";

/**
 * One provider object for every Lagg: @pulumi/pulumi caches the serialized provider per object (dynamic/index.js,
 * serializeProvider's WeakMap), so a fresh object per resource serialized the same closure again for each one
 * (most of a 200-resource program's run).
 */
const PROVIDER = new SerializedLaggProvider();

/**
 * {@link HopConnection} as a program writes it: any field may be an Input, e.g.
 * `privateKey: cfg.requireSecret("sshKey")` or a host name another resource outputs.
 */
export type HopConnectionArgs = { [K in keyof HopConnection]: pulumi.Input<HopConnection[K]> };

/** {@link Connection} as a program writes it: every field (and the jump host) may be an Input. */
export interface ConnectionArgs extends HopConnectionArgs {
  proxy?: pulumi.Input<HopConnectionArgs>;
}

/** Arguments of {@link Lagg}; see the README for every default. */
export interface LaggResourceArgs {
  /** How to reach the host: a whole Input, or an object whose fields are Inputs. Stored as a secret. */
  connection: pulumi.Input<ConnectionArgs>;
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
  /** lacp: seconds a create/update that adds ports waits for every port to get an LACP partner, else fails and rolls back. Default 30; 0 = do not wait. */
  lacpTimeout?: pulumi.Input<number>;
  useFlowid?: pulumi.Input<boolean>;
  flowidShift?: pulumi.Input<number>;
  rrLimit?: pulumi.Input<number>;
  disableHardwareOffload?: pulumi.Input<boolean>;
  options?: pulumi.Input<pulumi.Input<string>[]>;
  persist?: pulumi.Input<PersistMode>;
  safeApply?: pulumi.Input<boolean>;
  confirmTimeout?: pulumi.Input<number>;
  /**
   * A lagg of this name that already exists: false refuses it; true takes it over and converges it (each change
   * logged, old -> new, before it is made); "observe" takes it over as it is and records its live state, so the
   * next preview shows exactly what `pulumi up` would change.
   */
  adopt?: pulumi.Input<AdoptMode>;
  /**
   * TrueNAS CORE: when the interface the SSH session arrives on has no row in the middleware's database (a
   * fresh install), record it as it is configured now (DHCP, or its address) so the commit keeps it; without
   * this consent such a change is refused, since the commit would unconfigure it. Default false.
   */
  truenasKeepManagementInterface?: pulumi.Input<boolean>;
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
  /** Observed facts: ports (flags, active, primary, LACP negotiation), active port names and count, MAC. */
  declare readonly status: pulumi.Output<LaggStatus>;
  /** The persisted configuration as last read back, and whether it matches the inputs. */
  declare readonly persisted: pulumi.Output<PersistedView>;
  /** `SHA256:...` host key of the machine the lagg lives on: its identity when the address changes. */
  declare readonly hostKeyFingerprint: pulumi.Output<string>;
  /** The provider's bookkeeping (ports to put back down at delete); not for programs, its shape may change. */
  declare readonly internalState: pulumi.Output<InternalState>;

  constructor(name: string, args: LaggResourceArgs, opts?: pulumi.CustomResourceOptions) {
    // A fresh object: dynamic.Resource writes `__provider` into the props it is given.
    const props = {
      ...args,
      connection: pulumi.secret(args.connection),
      status: undefined,
      persisted: undefined,
      hostKeyFingerprint: undefined,
      internalState: undefined,
    };
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "connection"];
    super(PROVIDER, name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "freebsd", "Lagg");
  }
}
