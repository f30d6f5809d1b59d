// What rcConfVariables writes, booted by the simulator's rc.d/netif model (network.subr word rules,
// eval echo, alias order), comes back as the state the inputs ask for.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseIfconfig } from "../../../provider/ifconfig/parse";
import { rcConfVariables, type RcConfInputs } from "../../../provider/persist/rcconf";
import { desiredLaggState, observedLaggState } from "../../../provider/state";
import type { LaggInputs } from "../../../provider/types";
import { rcConfDescriptionProblem } from "../../../provider/schema/description";
import { createSimMachine } from "../../sim/machine";

/** sysrc writes `name="value"` raw: the script escapes what sh would expand inside double quotes. */
const rcEscape = (value: string) => value.replace(/[\\"$`]/g, (c) => `\\${c}`);

async function bootWith(inputs: RcConfInputs) {
  const machine = createSimMachine({ management: { interface: "ix1", address: "192.0.2.2/24" } });
  // A root with FreeBSD's top directories, for boot's globbing (rc runs in /).
  const root = mkdtempSync(join(tmpdir(), "lagg-rcboot-"));
  for (const d of ["etc", "boot", "bin", "usr", "var"]) mkdirSync(join(root, d));
  machine.attachRoot(root);
  const sysrc = (...argv: string[]) => machine.run("sysrc", argv, { stdin: "", env: {} });
  const vars = rcConfVariables(inputs);
  expect(await sysrc(...Object.entries(vars).map(([k, v]) => `${k}=${rcEscape(v)}`), `cloned_interfaces+=${inputs.name}`)).toMatchObject({ exitCode: 0 });
  expect(await machine.run("reboot", [], { stdin: "", env: {} })).toMatchObject({ exitCode: 0 });
  const shown = await machine.run("ifconfig", ["-v", inputs.name], { stdin: "", env: {} });
  rmSync(root, { recursive: true, force: true });
  return { iface: parseIfconfig(shown.stdout)[0], bootLog: machine.bootLog };
}

const base = {
  name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], mtu: 9000, description: "", addresses: [] as string[],
  dhcp: false, ipv6Autoconf: false, hash: ["l2", "l3", "l4"], options: [], disableHardwareOffload: false,
} as unknown as LaggInputs;

describe("rc.conf as written, after a reboot", () => {
  test.each<[string, Partial<LaggInputs>]>([
    ["one IPv4 address (the issue's example)", { addresses: ["198.51.100.7/24"] }],
    ["first and further IPv4 and IPv6 addresses, MTU and description", { addresses: ["198.51.100.7/24", "2001:db8::7/64", "198.51.100.8/28", "2001:db8::8/64"], description: "uplink to core-sw1" }],
    ["only IPv6 addresses", { addresses: ["2001:db8::7/64", "2001:db8::8/80"] }],
    ["LACP with options and a description with quotes and dollars", { protocol: "lacp", lacpFastTimeout: true, hash: ["l3", "l4"], addresses: ["203.0.113.5/24"], description: `it's "core" $HOME` }],
    ["no address", { mtu: 1500 }],
  ])("%s", async (_what, change) => {
    const inputs = { ...base, ...change } as LaggInputs;
    const { iface, bootLog } = await bootWith(inputs);
    expect(bootLog).not.toMatch(/bad value/);
    const seen = observedLaggState(iface)!;
    const want = desiredLaggState(inputs);
    // Compared as the provider compares: options the inputs leave unmanaged (undefined) are not compared.
    const managed = Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined));
    expect({ ...seen, addresses: [...seen.addresses].sort() }).toMatchObject({ ...managed, addresses: [...want.addresses].sort() });
    // IPv4 in the inputs' order: the first one is the primary, as on the live host after an apply.
    expect(seen.addresses.filter((a) => !a.includes(":"))).toEqual(want.addresses.filter((a) => !a.includes(":")));
  });
});

describe("descriptions: check refuses exactly what boot would change", () => {
  test.each([" uplink", "uplink ", "core  sw1", "e*", "[b]oot"])("%j comes back changed, and is refused", async (description) => {
    const { iface } = await bootWith({ ...base, description });
    expect(iface.description ?? "").not.toBe(description);
    expect(rcConfDescriptionProblem(description)).toBeDefined();
  });
  test.each(["uplink to core-sw1", `it's "x" \\ $HOME`, "a-n b", "port? maybe not"])("%j: boot keeps it, or check refuses it", async (description) => {
    const { iface } = await bootWith({ ...base, description });
    if (rcConfDescriptionProblem(description) === undefined) expect(iface.description).toBe(description);
  });
});
