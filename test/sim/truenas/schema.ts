// The `interface_create` / `interface_update` argument schemas (plugins/network.py) and the parts of
// middlewared/schema.py that clean and validate them: unknown keys, types, enums, defaults, Range, IPAddr,
// unique lists. Messages and attribute paths are schema.py's. CORE 13 has no xmit_hash_policy/lacpdu_rate
// (SCALE-only), so those are "Field was not expected" here.
import { isIP } from "node:net";
import { SchemaError, ValidationErrors } from "./errors";

type Kind = "str" | "bool" | "int" | "list" | "aliases";

interface Attr {
  kind: Kind;
  null?: boolean;
  required?: boolean;
  /** Present means has_default (None is a default too). */
  default?: unknown;
  enum?: string[];
  range?: [number, number];
}

const CREATE: Record<string, Attr> = {
  name: { kind: "str" },
  description: { kind: "str", null: true },
  type: { kind: "str", required: true, enum: ["BRIDGE", "LINK_AGGREGATION", "VLAN"] },
  disable_offload_capabilities: { kind: "bool", default: false },
  ipv4_dhcp: { kind: "bool", default: false },
  ipv6_auto: { kind: "bool", default: false },
  aliases: { kind: "aliases", default: [] },
  failover_critical: { kind: "bool", default: false },
  failover_group: { kind: "int", null: true },
  failover_vhid: { kind: "int", null: true, range: [1, 255] },
  failover_aliases: { kind: "list", default: [] },
  failover_virtual_aliases: { kind: "list", default: [] },
  bridge_members: { kind: "list", default: [] },
  lag_protocol: { kind: "str", enum: ["LACP", "FAILOVER", "LOADBALANCE", "ROUNDROBIN", "NONE"] },
  lag_ports: { kind: "list", default: [] },
  vlan_parent_interface: { kind: "str" },
  vlan_tag: { kind: "int", range: [1, 4094] },
  vlan_pcp: { kind: "int", null: true, range: [0, 7] },
  mtu: { kind: "int", null: true, default: null, range: [1492, 9216] },
  options: { kind: "str" },
};

/** A cleaned interface payload (keys present only when given or defaulted). */
export type InterfacePayload = Record<string, unknown>;

function cleanScalar(name: string, attr: Attr, value: unknown): unknown {
  if (value === null) {
    if (!attr.null) throw new SchemaError(name, "null not allowed");
    return null;
  }
  if (attr.kind === "str") {
    if (typeof value === "number" && Number.isInteger(value)) value = String(value);
    if (typeof value !== "string") throw new SchemaError(name, "Not a string");
  } else if (attr.kind === "bool") {
    if (typeof value !== "boolean") throw new SchemaError(name, "Not a boolean");
  } else if (attr.kind === "int") {
    if (typeof value === "string" && /^\d+$/.test(value)) value = Number(value);
    if (typeof value !== "number" || !Number.isInteger(value)) throw new SchemaError(name, "Not an integer");
  }
  if (attr.enum && !attr.enum.includes(value as string)) throw new SchemaError(name, `Invalid choice: ${value}`);
  return value;
}

/**
 * The `interface_alias` Dict: keys in the order given (unexpected key, then each value's clean), then the
 * missing ones (type defaults to INET; address and netmask required). IPAddr.clean turns ipaddress's
 * ValueError into the attribute's Error.
 */
function cleanAlias(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SchemaError("interface_alias", "A dict was expected");
  const alias: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const fields: Record<string, Attr> = { type: { kind: "str", enum: ["INET", "INET6"], default: "INET" }, address: { kind: "str" }, netmask: { kind: "int" } };
  for (const key of Object.keys(alias)) {
    if (!(key in fields)) throw new SchemaError(key, "Field was not expected");
    alias[key] = cleanScalar(key, fields[key], alias[key]);
    if (key === "address" && alias.address && !isIP(String(alias.address))) {
      throw new SchemaError("address", `'${alias.address}' does not appear to be an IPv4 or IPv6 address`);
    }
  }
  for (const [key, attr] of Object.entries(fields)) {
    if (key in alias) continue;
    if ("default" in attr) alias[key] = attr.default;
    else throw new SchemaError(key, "attribute required");
  }
  return alias;
}

/** Attribute.clean per kind; a List wraps an item's Error as `Item#N is not valid per list types: [attr] msg`. */
function cleanAttr(name: string, attr: Attr, value: unknown): unknown {
  if (attr.kind !== "list" && attr.kind !== "aliases") return cleanScalar(name, attr, value);
  if (value === null) throw new SchemaError(name, "null not allowed");
  if (!Array.isArray(value)) throw new SchemaError(name, "Not a list");
  return value.map((item, index) => {
    try {
      if (attr.kind === "aliases") return cleanAlias(item);
      return name === "lag_ports" ? cleanScalar("interface", { kind: "str" }, item) : item;
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      throw new SchemaError(name, `Item#${index} is not valid per list types: ${error.reason}`);
    }
  });
}

function validate(schema: string, data: InterfacePayload, verrors: ValidationErrors): void {
  for (const [name, attr] of Object.entries(CREATE)) {
    const value = data[name];
    if (attr.range && typeof value === "number" && (value < attr.range[0] || value > attr.range[1])) {
      verrors.add(`${schema}.${name}`, `Should be between ${attr.range[0]} and ${attr.range[1]}`);
    }
  }
  const seen = new Set<string>();
  ((data.aliases as Record<string, unknown>[] | undefined) ?? []).forEach((alias, i) => {
    const key = JSON.stringify([alias.address, alias.netmask, alias.type]);
    if (seen.has(key)) verrors.add(`${schema}.aliases.${i}`, "This value is not unique.");
    seen.add(key);
  });
}

/**
 * Cleans and validates an `interface.create` (update=false) or `interface.update` (update=true: no `type`,
 * no defaults, nothing required) argument, as `@accepts` does (schema.py TN-13.3-U1.2): Dict.clean raises
 * a SchemaError at the first bad key (`[lag_protocol] Invalid choice: BROADCAST`, printed with a
 * traceback); only the validators (Range, unique) collect ValidationErrors (`interface_create.mtu`).
 */
export function cleanInterfacePayload(value: unknown, update: boolean): InterfacePayload {
  const schema = update ? "interface_update" : "interface_create";
  const attrs = { ...CREATE };
  if (update) delete (attrs as Record<string, Attr>).type;
  if (value === undefined || value === null) value = {};
  if (typeof value !== "object" || Array.isArray(value)) throw new SchemaError(schema, "A dict was expected");
  const data: InterfacePayload = { ...(value as InterfacePayload) };
  for (const [key, raw] of Object.entries(data)) {
    if (!(key in attrs)) throw new SchemaError(key, "Field was not expected");
    data[key] = cleanAttr(key, attrs[key], raw);
  }
  if (!update) {
    for (const [key, attr] of Object.entries(attrs)) {
      if (key in data) continue;
      if ("default" in attr) data[key] = structuredCloneish(attr.default);
      else if (attr.required) throw new SchemaError(key, "attribute required");
    }
  }
  const verrors = new ValidationErrors();
  validate(schema, data, verrors);
  verrors.check();
  return data;
}

function structuredCloneish<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
