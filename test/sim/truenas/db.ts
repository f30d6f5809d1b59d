// The TrueNAS middleware database tables the network plugin uses (network_interfaces, network_alias,
// network_lagginterface, network_lagginterfacemembers), held in memory per machine. Field names follow
// the SQL columns without their prefixes (plugins/network.py, TN-13.x).

/** network_interfaces (int_*). */
export interface DbInterface {
  id: number;
  /** int_interface: the kernel name (em0, lagg0). */
  interface: string;
  /** int_name: the description ("" when none). */
  name: string;
  dhcp: boolean;
  ipv6auto: boolean;
  /** The first static IPv4/IPv6 address lives in the interface row; the rest in network_alias. */
  ipv4address: string;
  v4netmaskbit: string;
  ipv6address: string;
  v6netmaskbit: string;
  options: string;
  mtu: number | null;
  disable_offload_capabilities: boolean;
}

/** network_alias (alias_*). */
export interface DbAlias {
  id: number;
  interface: number;
  v4address: string;
  v4netmaskbit: string;
  v6address: string;
  v6netmaskbit: string;
}

/** network_lagginterface (lagg_*): the protocol is stored lower-case. */
export interface DbLagg {
  id: number;
  interface: number;
  protocol: string;
}

/** network_lagginterfacemembers (lagg_*). */
export interface DbLaggMember {
  id: number;
  interfacegroup: number;
  ordernum: number;
  physnic: string;
}

/** The four tables, plus the id sequence. */
export interface DbTables {
  interfaces: DbInterface[];
  alias: DbAlias[];
  lagg: DbLagg[];
  laggmembers: DbLaggMember[];
  nextId: number;
}

/** An alias as the API shows it. */
export interface ApiAlias {
  type: "INET" | "INET6";
  address: string;
  netmask: number;
}

/** The middleware database of one machine. Survives reboots (it is a file on the boot pool). */
export class MiddlewareDb {
  tables: DbTables = { interfaces: [], alias: [], lagg: [], laggmembers: [], nextId: 1 };

  /** A deep copy, for `__save_datastores` and for tests. */
  snapshot(): DbTables {
    return JSON.parse(JSON.stringify(this.tables)) as DbTables;
  }

  restore(tables: DbTables): void {
    this.tables = JSON.parse(JSON.stringify(tables)) as DbTables;
  }

  nextId(): number {
    return this.tables.nextId++;
  }

  interfaceRow(name: string): DbInterface | undefined {
    return this.tables.interfaces.find((i) => i.interface === name);
  }

  laggOf(row: DbInterface): DbLagg | undefined {
    return this.tables.lagg.find((l) => l.interface === row.id);
  }

  /** Members in insertion (id) order, as `datastore.query` returns them without order_by. */
  membersOf(lagg: DbLagg): DbLaggMember[] {
    return this.tables.laggmembers.filter((m) => m.interfacegroup === lagg.id);
  }

  aliasesOf(row: DbInterface): DbAlias[] {
    return this.tables.alias.filter((a) => a.interface === row.id);
  }

  /** The API `aliases` list of a row: the row's own addresses (unless DHCP/autoconf), then network_alias. */
  apiAliases(row: DbInterface): ApiAlias[] {
    const out: ApiAlias[] = [];
    if (!row.dhcp && row.ipv4address) out.push({ type: "INET", address: row.ipv4address, netmask: Number(row.v4netmaskbit) });
    if (!row.ipv6auto && row.ipv6address) out.push({ type: "INET6", address: row.ipv6address, netmask: Number(row.v6netmaskbit) });
    for (const a of this.aliasesOf(row)) {
      if (a.v4address) out.push({ type: "INET", address: a.v4address, netmask: Number(a.v4netmaskbit) });
      if (a.v6address) out.push({ type: "INET6", address: a.v6address, netmask: Number(a.v6netmaskbit) });
    }
    return out;
  }

  /**
   * `__convert_aliases_to_datastore` + insert/update: the first IPv4 (unless DHCP) and first IPv6 (unless
   * autoconf) go into the row, the others become network_alias rows.
   */
  setAliases(row: DbInterface, aliases: ApiAlias[]): void {
    row.ipv4address = row.v4netmaskbit = row.ipv6address = row.v6netmaskbit = "";
    this.tables.alias = this.tables.alias.filter((a) => a.interface !== row.id);
    for (const alias of aliases) {
      const v4 = !alias.address.includes(":");
      const inRow = v4 ? !row.ipv4address && !row.dhcp : !row.ipv6address && !row.ipv6auto;
      if (inRow && v4) [row.ipv4address, row.v4netmaskbit] = [alias.address, String(alias.netmask)];
      else if (inRow) [row.ipv6address, row.v6netmaskbit] = [alias.address, String(alias.netmask)];
      else {
        this.tables.alias.push({
          id: this.nextId(), interface: row.id,
          v4address: v4 ? alias.address : "", v4netmaskbit: v4 ? String(alias.netmask) : "",
          v6address: v4 ? "" : alias.address, v6netmaskbit: v4 ? "" : String(alias.netmask),
        });
      }
    }
  }

  /** Inserts an empty network_interfaces row. */
  insertInterface(name: string): DbInterface {
    const row: DbInterface = {
      id: this.nextId(), interface: name, name: "", dhcp: false, ipv6auto: false, ipv4address: "", v4netmaskbit: "",
      ipv6address: "", v6netmaskbit: "", options: "", mtu: null, disable_offload_capabilities: false,
    };
    this.tables.interfaces.push(row);
    return row;
  }

  /**
   * `__set_lag_ports`: members with ordernum = index. A member that has its own row silently loses its
   * IP configuration and MTU, and its aliases are deleted.
   */
  setLagPorts(lagg: DbLagg, ports: string[]): void {
    this.tables.laggmembers = this.tables.laggmembers.filter((m) => m.interfacegroup !== lagg.id);
    ports.forEach((physnic, ordernum) => {
      this.tables.laggmembers.push({ id: this.nextId(), interfacegroup: lagg.id, ordernum, physnic });
      const port = this.interfaceRow(physnic);
      if (!port) return;
      Object.assign(port, { dhcp: false, ipv6auto: false, ipv4address: "", v4netmaskbit: "", ipv6address: "", v6netmaskbit: "", mtu: null });
      this.tables.alias = this.tables.alias.filter((a) => a.interface !== port.id);
    });
  }

  /** `delete_network_interface`: a lagg takes its members' rows with it. */
  deleteInterface(name: string): void {
    const row = this.interfaceRow(name);
    if (!row) return;
    const lagg = this.laggOf(row);
    if (lagg) {
      for (const member of this.membersOf(lagg)) this.deleteInterface(member.physnic);
      this.tables.laggmembers = this.tables.laggmembers.filter((m) => m.interfacegroup !== lagg.id);
      this.tables.lagg = this.tables.lagg.filter((l) => l !== lagg);
    }
    this.tables.alias = this.tables.alias.filter((a) => a.interface !== row.id);
    this.tables.interfaces = this.tables.interfaces.filter((i) => i !== row);
  }
}
