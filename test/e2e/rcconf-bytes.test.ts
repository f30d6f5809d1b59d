// Issue 18: destroy (and an update to persist "none") gives back exactly the rc.conf the owner had, byte for byte: no `cloned_interfaces=""`
// left where there was no such line, the ports' own lines where and as they were, nothing of the lagg's.
// Through the engine-less driver, with persist "rc.conf" and "auto" (a FreeBSD host: auto picks rc.conf).
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { E2EStack, onHost, rcConfText } from "./harness";

jest.setTimeout(180_000);

const rcConfBytes = async (sim: SimHost) => rcConfText(sim);

/**
 * Lines an owner might have around the ports: a port on DHCP, one with words, a description and an alias
 * numbered past any fixed count of slots (boot applies every ifconfig_IF_alias*, gaps or not), and an
 * unrelated interface's alias.
 */
const OWNER_LINES = ["ifconfig_igb2=DHCP", "ifconfig_igb3=up -lro", "ifconfig_igb3_descr=storage", "ifconfig_igb3_alias12=inet 10.9.3.12/32", "ifconfig_ix0_alias0=inet 10.9.0.2/32"];

describe.each(["rc.conf", "auto"])("persist %s: destroy restores rc.conf byte for byte", (persist) => {
  let sim: SimHost;
  let stack: E2EStack;
  beforeEach(async () => {
    sim = await startSimHost({});
    stack = new E2EStack(sim);
  });
  afterEach(async () => {
    stack?.cleanup();
    await sim?.stop();
  });

  const lagg = { name: "lagg0", protocol: "failover", ports: ["igb2", "igb3"], mtu: 9000, description: "uplink", persist,
    addresses: ["198.51.100.7/24", "198.51.100.8/24", "2001:db8::7/64"] };

  test("a host with no cloned_interfaces line and no port lines", async () => {
    const before = await rcConfBytes(sim);
    expect(before).not.toMatch(/cloned_interfaces/);
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    const during = await rcConfBytes(sim);
    expect(during).toMatch(/^cloned_interfaces="lagg0"$/m);
    expect(during).toMatch(/^ifconfig_lagg0_alias0=/m);
    expect(during).toMatch(/^ifconfig_lagg0_ipv6=/m);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(await rcConfBytes(sim)).toBe(before);
  });

  test("a host whose ports have lines of their own (DHCP, words, a description)", async () => {
    for (const v of OWNER_LINES) expect(await onHost(sim, "sysrc", v)).toMatchObject({ exitCode: 0 });
    const before = await rcConfBytes(sim);
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    const during = await rcConfBytes(sim);
    // While igb3 is a lagg port, boot must give it no address of its own: its alias12 (read although past any
    // fixed count of slots) is emptied where it stands, its value kept in the record.
    expect(during).toMatch(/^ifconfig_igb3_descr="storage"\nifconfig_igb3_alias12=""$/m);
    expect(during).toMatch(/^ifconfig_igb3_descr="storage"$/m);
    expect(during).toMatch(/^ifconfig_ix0_alias0="inet 10\.9\.0\.2\/32"$/m);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(await rcConfBytes(sim)).toBe(before);
  });

  test("a host that already lists another cloned interface keeps its line as it was", async () => {
    expect(await onHost(sim, "sysrc", "cloned_interfaces=bridge0")).toMatchObject({ exitCode: 0 });
    const before = await rcConfBytes(sim);
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect(await rcConfBytes(sim)).toMatch(/^cloned_interfaces="bridge0 lagg0"$/m);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(await rcConfBytes(sim)).toBe(before);
  });

  // Found by the generated applies (issue 17): an update to persist "none" removed the lagg from the list but
  // left `cloned_interfaces=""` on a host that had no such line.
  test("an update that stops persisting (persist none) gives back the rc.conf the host had, byte for byte", async () => {
    const before = await rcConfBytes(sim);
    expect((await stack.up({ uplink: lagg })).errors).toEqual([]);
    expect((await stack.up({ uplink: { ...lagg, persist: "none" } })).errors).toEqual([]);
    expect(await rcConfBytes(sim)).toBe(before);
    expect((await stack.destroy()).errors).toEqual([]);
    expect(await rcConfBytes(sim)).toBe(before);
  });
});
