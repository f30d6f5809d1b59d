// The TrueNAS CORE middleware's network plugin (plugins/network.py InterfaceService, TN-13.3-U1.2) for one
// simulated machine: the database, pending changes, the checkin timer, and the methods midclt can call.
import type { CommandHost } from "../commands/host";
import { disableCapabilities, enableCapabilities } from "./capabilities";
import { PendingChanges } from "./commit";
import { ApiAlias, MiddlewareDb } from "./db";
import { CallError, ValidationErrors } from "./errors";
import { filterList, interfaceType, listInterfaces } from "./query";
import { cleanInterfacePayload, InterfacePayload } from "./schema";
import type { DhclientHost } from "../commands/dhclient";
import { DhclientControl, SyncContext, syncInterfaces, syncSteps } from "./sync";
import { commonValidation } from "./validate";

/** How long the middleware's waits last in the simulator (tests shrink them). */
export interface MiddlewareTiming {
  /** One `time.sleep(2)` of lag_setup's link wait (interface/lag.py). Default 2000 ms. */
  linkPollMs?: number;
  /** One second of midclt's call timeout (-t N, $CALL_TIMEOUT, default 60 s). Default 1000 ms. */
  midcltSecondMs?: number;
}

/** How the machine was installed. */
export interface MiddlewareSetup {
  /**
   * The interface sessions arrive on and its static address, recorded in the DB as an installed and
   * configured system has it. Absent: a fresh install (empty DB, every NIC on DHCP: ix-netif's autoconfigure).
   */
  management?: { interface: string; address: string };
  timing?: MiddlewareTiming;
}

/**
 * The middleware of one TrueNAS machine. Most methods are synchronous; interface.commit, rollback and sync
 * return a Promise, because lag_setup may wait for link (fact 20) while other calls keep being served.
 */
export class TrueNasMiddleware {
  readonly db = new MiddlewareDb();
  /** middlewared.log: what sync did and what failed (sync logs failures rather than raising). */
  readonly log: string[] = [];
  /** Interfaces whose configure() restarted rtsold (ipv6_auto), for tests. */
  readonly rtsoldRestarts: string[] = [];
  private readonly changes: PendingChanges;
  /** How long one second of midclt's call timeout lasts here. */
  readonly midcltSecondMs: number;

  constructor(private readonly host: CommandHost, setup: MiddlewareSetup) {
    this.changes = new PendingChanges(this.db, {
      sync: () => syncSteps(this.syncContext()),
      linkPollMs: setup.timing?.linkPollMs ?? 2000,
      log: (line) => this.log.push(line),
    });
    this.midcltSecondMs = setup.timing?.midcltSecondMs ?? 1000;
    const management = setup.management;
    if (!management) return;
    const row = this.db.insertInterface(management.interface);
    const [address, prefix] = management.address.split("/");
    this.db.setAliases(row, [{ type: address.includes(":") ? "INET6" : "INET", address, netmask: Number(prefix ?? (address.includes(":") ? 64 : 24)) }]);
  }

  /** Boot (ix-netif): in-memory state is gone; `interfaces.sync true` builds the kernel state from the DB. */
  boot(): void {
    this.changes.forget();
    // (inferred) lo0 gets its address although rc.d/netif is disabled, as on any running system.
    this.host.exec("ifconfig", ["lo0", "inet", "127.0.0.1/8", "alias"]);
    // Inferred: boot's lag_setup link waits cost no simulated time (boot is synchronous here).
    try {
      syncInterfaces(this.syncContext());
    } catch (error) {
      // ix-netif: a failing sync leaves the rest of the boot alone.
      this.log.push(`interface.sync failed at boot: ${(error as Error).message}`);
    }
  }

  /** Stops the checkin timer (the host is going away). */
  dispose(): void {
    this.changes.forget();
  }

  /** Whether create/update/delete wrote the DB since the last checkin (has_pending_changes). */
  get pending(): boolean {
    return this.changes.pending;
  }

  /**
   * Dispatches `midclt call METHOD ARGS...` (also the `interfaces.` alias). Throws (or, for the methods that
   * sync, rejects with) CallError/ValidationErrors.
   */
  call(method: string, args: unknown[]): unknown {
    const name = method.replace(/^interfaces\./, "interface.");
    switch (name) {
      case "interface.query": return filterList(this.query(), args[0], args[1]);
      case "interface.create": return this.create(args[0]);
      case "interface.update": return this.update(args[0], args[1]);
      case "interface.delete": return this.delete(args[0]);
      case "interface.commit": return this.changes.commit(args[0], this.query());
      case "interface.checkin": return this.changes.checkin();
      case "interface.checkin_waiting": return this.changes.checkinWaiting();
      case "interface.rollback": return this.changes.rollback().then(() => null);
      case "interface.has_pending_changes": return this.pending;
      case "interface.sync": return this.sync();
      default:
        // (inferred wording) middlewared's method lookup failure.
        throw new CallError(`Method "${method}" not found`, "ENOMETHOD");
    }
  }

  private query() {
    return listInterfaces(this.db, this.host.kernel);
  }

  /** _get_instance: InstanceNotFound is a ValidationError with no attribute (printed as ALL). */
  private instance(id: unknown) {
    const found = this.query().find((i) => i.id === id);
    if (found) return found;
    const verrors = new ValidationErrors();
    verrors.add(null, `Interface ${id} does not exist`, "ENOENT");
    throw verrors;
  }

  private save(): void {
    this.changes.save();
  }

  private create(arg: unknown) {
    const data = cleanInterfacePayload(arg, false);
    const verrors = new ValidationErrors();
    if (data.type !== "LINK_AGGREGATION") {
      throw new CallError(`simulator: only LINK_AGGREGATION interfaces are emulated (got ${data.type})`, "EINVAL");
    }
    if (!("lag_protocol" in data)) verrors.add("interface_create.lag_protocol", "This field is required");
    verrors.check();
    commonValidation(verrors, "interface_create", data, "LINK_AGGREGATION", this.query());
    verrors.check();
    this.save();
    const name = typeof data.name === "string" && data.name ? data.name : this.nextLaggName();
    const row = this.db.insertInterface(name);
    this.writeRow(row, data);
    const lagg = { id: this.db.nextId(), interface: row.id, protocol: String(data.lag_protocol).toLowerCase() };
    this.db.tables.lagg.push(lagg);
    this.db.setLagPorts(lagg, data.lag_ports as string[]);
    // network.py do_create: after the rows are written, interface.disable_capabilities(name), which needs the
    // interface in the kernel (netif.get_interface raises KeyError: a new lagg appears only at commit). The
    // rows stay, has_pending_changes stays true until a rollback.
    if (data.disable_offload_capabilities) this.disableCapabilities(name);
    return this.instance(name);
  }

  private nextLaggName(): string {
    let n = 0;
    while (this.db.interfaceRow(`lagg${n}`)) n++;
    return `lagg${n}`;
  }

  /** __convert_interface_datastore + aliases. */
  private writeRow(row: ReturnType<MiddlewareDb["insertInterface"]>, data: InterfacePayload): void {
    Object.assign(row, {
      name: (data.description as string | null) || "",
      dhcp: Boolean(data.ipv4_dhcp),
      ipv6auto: Boolean(data.ipv6_auto),
      options: (data.options as string | undefined) ?? "",
      mtu: (data.mtu as number | null | undefined) || null,
      disable_offload_capabilities: Boolean(data.disable_offload_capabilities),
    });
    this.db.setAliases(row, (data.aliases as ApiAlias[] | undefined) ?? []);
  }

  private update(id: unknown, arg: unknown) {
    const data = cleanInterfacePayload(arg, true);
    const iface = this.instance(id);
    const merged: InterfacePayload = { ...iface, ...data };
    const verrors = new ValidationErrors();
    const others = this.query().filter((i) => i.id !== iface.id);
    commonValidation(verrors, "interface_update", merged, iface.type, others);
    verrors.check();
    this.save();
    const row = this.db.interfaceRow(iface.name) ?? this.db.insertInterface(iface.name);
    this.writeRow(row, merged);
    const lagg = this.db.laggOf(row);
    if (interfaceType(iface.name) === "LINK_AGGREGATION" && lagg) {
      lagg.protocol = String(merged.lag_protocol).toLowerCase();
      if ("lag_ports" in data) this.db.setLagPorts(lagg, data.lag_ports as string[]);
    }
    // network.py do_update, after the DB write: a change of the flag disables the default list, or enables
    // every capability py-netif knows (nic_capabilities), at once and before any commit (a rollback does not
    // undo it). Python compares None (no row) with the value given, so an explicit false on a NIC without a
    // row enables everything too. Both raise KeyError for an interface the kernel lacks.
    if (merged.disable_offload_capabilities !== iface.disable_offload_capabilities) {
      if (merged.disable_offload_capabilities) this.disableCapabilities(iface.name);
      else this.log.push(enableCapabilities(this.host.kernel, iface.name));
    }
    return this.instance(iface.name);
  }

  /** interface.disable_capabilities: get_instance first (InstanceNotFound), then netif.get_interface. */
  private disableCapabilities(name: string): void {
    this.instance(name);
    const disabled = disableCapabilities(this.host.kernel, name);
    if (disabled.length) this.log.push(`Disabling ${disabled.join(",")} capabilities for ${name}`);
  }

  private delete(id: unknown): string {
    const iface = this.instance(id);
    this.save();
    this.db.deleteInterface(iface.name);
    return iface.name;
  }

  /** interface.sync (private, but callable through midclt like every method). */
  sync(): Promise<null> {
    return this.changes.sync().then(() => null);
  }

  private syncContext(): SyncContext {
    return { host: this.host, db: this.db, dhclients: this.dhclientControl(), log: (line) => this.log.push(line), rtsoldRestarts: this.rtsoldRestarts };
  }

  private dhclientControl(): DhclientControl {
    const dhcp = (this.host as Partial<DhclientHost>).dhcp;
    return {
      running: (name) => dhcp?.find(name) !== undefined,
      kill: (name) => {
        const client = dhcp?.find(name);
        if (client) dhcp!.exit(client, false);
      },
    };
  }
}
