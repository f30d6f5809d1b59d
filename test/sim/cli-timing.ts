// The simulator CLI's words for hosts that take time: `--interfaces NAME[:nolink][:nolacp][:maxmtu=N],...`
// and the DHCP server flags (pure; test/sim/cli.ts wires them in).
import type { SimNicSpec } from "./machine-api";

/**
 * One `--interfaces` entry: a plain name stays a string (every default); `:nolink` = no carrier ever,
 * `:nolacp` = the switch side does not speak LACP, `:maxmtu=N` = the driver refuses larger MTUs (EINVAL).
 */
export function parseInterfaceSpec(entry: string): string | SimNicSpec {
  const [name, ...flags] = entry.split(":").map((word) => word.trim());
  if (!/^[a-z]+[0-9]+$/.test(name)) throw new Error(`--interfaces: ${JSON.stringify(name)} is not a NIC name like igb0`);
  if (flags.length === 0) return name;
  const spec: SimNicSpec = { name };
  for (const flag of flags) {
    const maxmtu = flag.match(/^maxmtu=(\d+)$/);
    if (flag === "nolink") spec.link = false;
    else if (flag === "nolacp") spec.lacpPartner = false;
    else if (maxmtu && Number(maxmtu[1]) >= 72 && Number(maxmtu[1]) <= 65535) spec.maxMtu = Number(maxmtu[1]);
    else throw new Error(`--interfaces: unknown flag ${JSON.stringify(flag)} on ${name} (nolink, nolacp, maxmtu=72..65535)`);
  }
  return spec;
}

/** The comma-separated `--interfaces` value. */
export function parseInterfaceList(text: string): (string | SimNicSpec)[] {
  return text.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "").map(parseInterfaceSpec);
}
