// TrueNAS CORE mode: midclt call interface.* against the middleware emulation (test/sim/truenas).
import type { TestSimMachine } from "../machine";
import { portLines, run } from "./helpers";
import { callOk, disposeMachines, LAGG, midclt, nas, tracebackOf } from "./truenas-helpers";

afterEach(disposeMachines);

async function commitLagg(machine: TestSimMachine, extra: Record<string, unknown> = {}, commit: Record<string, unknown> = {}) {
  await callOk(machine, "interface.create", { ...LAGG, aliases: [{ type: "INET", address: "10.0.0.5", netmask: 24 }], ...extra });
  await callOk(machine, "interface.commit", commit);
}

describe("midclt: validation errors as the client prints them", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["empty lag_ports", { ...LAGG, lag_ports: [] }, "[EINVAL] interface_create.lag_ports: This field cannot be empty.\n"],
    ["missing lag_protocol", { type: "LINK_AGGREGATION", lag_ports: ["igb0"] }, "[EINVAL] interface_create.lag_protocol: This field is required\n"],
    ["lagg01", { ...LAGG, name: "lagg01" }, '[EINVAL] interface_create.name: Link aggregation interface name cannot start with "lagg0".\n'],
    ["bond0", { ...LAGG, name: "bond0" }, '[EINVAL] interface_create.name: Link aggregation interface must start with "lagg" followed by an unique number.\n'],
    ["name in use", { ...LAGG, name: "em1" }, "[EINVAL] interface_create.name: Interface name is already in use.\n" +
      '[EINVAL] interface_create.name: Link aggregation interface must start with "lagg" followed by an unique number.\n'],
    ["unknown port", { ...LAGG, lag_ports: ["igb0", "igb9"] }, "[EINVAL] interface_create.lag_ports.1: Not a valid interface.\n"],
    ["mtu below range", { ...LAGG, mtu: 1491 }, "[EINVAL] interface_create.mtu: Should be between 1492 and 9216\n"],
    ["mtu at the start of options", { ...LAGG, options: "mtu 9000" }, "[EINVAL] interface_create.options: MTU should be placed in its own field.\n"],
    ["alias overlapping the management network", { ...LAGG, aliases: [{ address: "192.0.2.77", netmask: 25 }] },
      "[EINVAL] interface_create.aliases.0: The network 192.0.2.0/25 is already in use by another interface.\n"],
  ])("%s", async (_name, payload, stderr) => {
    const machine = nas();
    expect(await midclt(machine, "interface.create", payload)).toEqual({ stdout: "", stderr, exitCode: 1 });
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
  });

  // schema.py: Dict.clean raises schema.Error at the first bad key, sent with a traceback (not VALIDATION).
  test.each<[string, Record<string, unknown>, string]>([
    ["missing type", { lag_ports: ["igb0"] }, "[type] attribute required"],
    ["BROADCAST (schema enum)", { ...LAGG, lag_protocol: "BROADCAST" }, "[lag_protocol] Invalid choice: BROADCAST"],
    ["SCALE-only keys (the first only)", { ...LAGG, xmit_hash_policy: "LAYER2", lacpdu_rate: "FAST" }, "[xmit_hash_policy] Field was not expected"],
    ["a non-boolean", { ...LAGG, ipv4_dhcp: "yes" }, "[ipv4_dhcp] Not a boolean"],
    ["a bad alias address", { ...LAGG, aliases: [{ address: "10.0.0.300", netmask: 24 }] },
      "[aliases] Item#0 is not valid per list types: [address] '10.0.0.300' does not appear to be an IPv4 or IPv6 address"],
    ["an alias without netmask", { ...LAGG, aliases: [{ address: "10.0.0.3" }] },
      "[aliases] Item#0 is not valid per list types: [netmask] attribute required"],
  ])("schema error: %s", async (_name, payload, reason) => {
    const machine = nas();
    const result = await midclt(machine, "interface.create", payload);
    expect([result.stdout, result.exitCode]).toEqual(["", 1]);
    expect(tracebackOf(result.stderr, reason, "middlewared.schema.Error")).toBe(true);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
  });

  test('"up mtu 9000" slips past RE_MTU.match (only the start of the string is checked)', async () => {
    expect((await midclt(nas(), "interface.create", { ...LAGG, options: "up mtu 9000" })).exitCode).toBe(0);
  });

  test("a port in another lagg, and a cloned interface as a port", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", LAGG);
    const second = await midclt(machine, "interface.create", { ...LAGG, name: "lagg1", lag_ports: ["igb1", "lagg0"] });
    expect(second.stderr).toBe(
      "[EINVAL] interface_create.lag_ports.0: Interface igb1 is currently in use by lagg0.\n" +
      "[EINVAL] interface_create.lag_ports.1: Only physical interfaces are allowed to be a member of Link Aggregation.\n",
    );
  });

  test("updating a member NIC's MTU is refused; a missing id is ENOENT", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", LAGG);
    expect((await midclt(machine, "interface.update", "igb0", { mtu: 9000 })).stderr)
      .toBe("[EINVAL] interface_update.mtu: Interface in use by lagg0. MTU cannot be changed.\n");
    expect((await midclt(machine, "interface.update", "lagg7", { mtu: 9000 })).stderr).toBe("[ENOENT] ALL: Interface lagg7 does not exist\n");
  });

  test("commit with nothing configured is a CallError: the reason, then the traceback", async () => {
    const machine = nas();
    await callOk(machine, "interface.update", "em0", { aliases: [] });
    const result = await midclt(machine, "interface.commit");
    expect(result.exitCode).toBe(1);
    const message = "[EFAULT] At least one interface configured with either IPv4 DHCP, IPv6 auto or a static IP is required.";
    expect(result.stderr.startsWith(`${message}\nTraceback (most recent call last):\n`)).toBe(true);
    expect(result.stderr).toContain(`\nmiddlewared.service_exception.CallError: ${message}\n`);
  });

  test("an unknown method, and argparse errors", async () => {
    const machine = nas();
    expect((await run(machine, "midclt call interface.nope")).stderr).toMatch(/^\[ENOMETHOD\] Method "interface.nope" not found\n/);
    expect(await run(machine, "midclt call")).toMatchObject({ exitCode: 2, stderr: expect.stringContaining("the following arguments are required: method") });
  });
});

describe("create -> pending -> commit", () => {
  test("create only writes the DB; commit builds the lagg; -t N is accepted", async () => {
    const machine = nas();
    const created = (await callOk(machine, "interface.create", { ...LAGG, mtu: 9000, description: "uplink" })) as Record<string, unknown>;
    expect(created).toMatchObject({ id: "lagg0", fake: true, lag_protocol: "LACP", lag_ports: ["igb0", "igb1"], mtu: 9000, description: "uplink" });
    expect(machine.kernel.find("lagg0")).toBeUndefined();
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(true);
    expect((await run(machine, "midclt -t 120 call interface.commit")).exitCode).toBe(0);
    expect(await portLines(machine, "lagg0")).toEqual(["igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>", "igb1 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>"]);
    const lagg = machine.kernel.get("lagg0");
    expect([lagg.mtu, lagg.description, lagg.lagg?.proto]).toEqual([9000, "uplink", "lacp"]);
    expect(machine.records.changes.some((c) => c.interface === "lagg0" && c.what === "create")).toBe(true);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(true);
    await callOk(machine, "interface.checkin");
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
    expect(await callOk(machine, "interface.checkin_waiting")).toBeNull();
  });

  test("query: shape, state from the kernel, filters and get", async () => {
    const machine = nas();
    await commitLagg(machine);
    const all = (await callOk(machine, "interface.query")) as Record<string, unknown>[];
    expect(all.map((i) => i.name)).toEqual(["em0", "em1", "igb0", "igb1", "igb2", "igb3", "ix0", "ix1", "lagg0"]);
    const lagg = await callOk(machine, "interface.query", [["name", "=", "lagg0"]], { get: true });
    expect(lagg).toMatchObject({
      id: "lagg0", name: "lagg0", type: "LINK_AGGREGATION", description: "", lag_protocol: "LACP", lag_ports: ["igb0", "igb1"],
      aliases: [{ type: "INET", address: "10.0.0.5", netmask: 24 }], ipv4_dhcp: false, ipv6_auto: false, mtu: null, options: "",
      state: {
        protocol: "LACP", link_state: "LINK_STATE_UP", cloned: true, mtu: 1500,
        ports: [{ name: "igb0", flags: ["ACTIVE", "COLLECTING", "DISTRIBUTING"] }, { name: "igb1", flags: ["ACTIVE", "COLLECTING", "DISTRIBUTING"] }],
      },
    });
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]])).toHaveLength(1);
    expect((await midclt(machine, "interface.query", [["id", "=", "lagg9"]], { get: true })).stderr).toContain("middlewared.utils.MatchNotFound");
  });

  test("the protocol is stored lower-case and members keep ordernum", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", { ...LAGG, lag_protocol: "FAILOVER", lag_ports: ["igb1", "em1"] });
    const tables = machine.middleware!.db.tables;
    expect(tables.lagg[0].protocol).toBe("failover");
    expect(tables.laggmembers.map((m) => [m.physnic, m.ordernum])).toEqual([["igb1", 0], ["em1", 1]]);
  });
});

describe("sync undoes what the DB does not say", () => {
  test("manual ifconfig changes are undone on the next commit", async () => {
    const machine = nas();
    await commitLagg(machine, {}, { rollback: false });
    await run(machine, "ifconfig lagg9 create laggproto failover laggport igb2");
    await run(machine, "ifconfig em1 inet 203.0.113.9/24");
    await run(machine, "ifconfig lagg0 mtu 9000 inet 10.9.9.9/32 alias");
    await run(machine, "ifconfig lagg0 -laggport igb1");
    await callOk(machine, "interface.update", "lagg0", { description: "core" });
    await callOk(machine, "interface.commit", { rollback: false });
    expect(machine.kernel.find("lagg9")).toBeUndefined();
    expect(machine.kernel.get("em1").inet).toEqual([]);
    const lagg = machine.kernel.get("lagg0");
    expect([lagg.mtu, lagg.description, lagg.inet.length, lagg.lagg?.ports.map((p) => p.name)]).toEqual([1500, "core", 1, ["igb0", "igb1"]]);
    expect(machine.isAddressReachable(machine.managementAddress)).toBe(true);
  });

  test("members are ordered alphabetically: a lagg whose first port differs is destroyed and recreated", async () => {
    const machine = nas();
    // The DB then says [ix0, igb0]: sorted by name that is [igb0, ix0], and the kernel's first port
    // (em1) is not members[0], so sync destroys lagg0 and builds it again with igb0 as primary.
    await commitLagg(machine, { lag_ports: ["em1", "igb0"] }, { rollback: false });
    expect(machine.kernel.get("lagg0").lagg?.ports.map((p) => p.name)).toEqual(["em1", "igb0"]);
    await callOk(machine, "interface.update", "lagg0", { lag_ports: ["ix0", "igb0"] });
    await callOk(machine, "interface.commit", { rollback: false });
    expect(machine.middleware!.log).toContain("Destroying existing lagg0 as its first port has changed");
    const sc = machine.kernel.get("lagg0").lagg!;
    expect([sc.primary?.name, sc.ports.map((p) => p.name)]).toEqual(["igb0", ["igb0", "ix0"]]);
    expect(machine.records.changes.filter((c) => c.interface === "lagg0" && c.what === "destroy")).toHaveLength(1);
  });

  test("failover MASTER is the alphabetically first member, whatever order the API got", async () => {
    const machine = nas();
    await commitLagg(machine, { lag_protocol: "FAILOVER", lag_ports: ["igb1", "igb0"] });
    expect((await portLines(machine, "lagg0"))[0]).toBe("igb0 flags=5<MASTER,ACTIVE>");
  });

  test("a member NIC's DB row loses its IP configuration silently", async () => {
    const machine = nas();
    await callOk(machine, "interface.update", "igb0", { aliases: [{ address: "172.16.0.1", netmask: 24 }] });
    await callOk(machine, "interface.create", LAGG);
    expect(await callOk(machine, "interface.query", [["id", "=", "igb0"]], { get: true })).toMatchObject({ aliases: [] });
  });
});

describe("rollback and the checkin timer", () => {
  test("rollback restores the saved DB, then syncs (the lagg goes away)", async () => {
    const machine = nas();
    await commitLagg(machine);
    expect(await callOk(machine, "interface.checkin_waiting")).toBeGreaterThan(59);
    await callOk(machine, "interface.rollback");
    expect(machine.kernel.find("lagg0")).toBeUndefined();
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]])).toEqual([]);
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
    expect(await callOk(machine, "interface.checkin_waiting")).toBeNull();
  });

  test("without checkin the timer rolls back after checkin_timeout seconds", async () => {
    const machine = nas();
    await commitLagg(machine, {}, { checkin_timeout: 1 });
    expect(machine.kernel.find("lagg0")).toBeDefined();
    // A condition, not a fixed pause: on a loaded machine the 1 s timer may fire late (20 s is only a guard).
    for (const until = Date.now() + 20_000; machine.kernel.find("lagg0") && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(machine.kernel.find("lagg0")).toBeUndefined();
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
  });

  test("checkin cancels the timer and keeps the change", async () => {
    const machine = nas();
    await commitLagg(machine, {}, { checkin_timeout: 1 });
    await callOk(machine, "interface.checkin");
    expect(await callOk(machine, "interface.checkin_waiting")).toBeNull(); // the timer is gone, not just late
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(machine.kernel.find("lagg0")).toBeDefined();
    expect(await callOk(machine, "interface.query", [["id", "=", "lagg0"]])).toHaveLength(1);
  });

  test("delete then commit destroys the lagg", async () => {
    const machine = nas();
    await commitLagg(machine, {}, { rollback: false });
    expect((await midclt(machine, "interface.delete", "lagg0")).stdout).toBe("lagg0\n");
    await callOk(machine, "interface.commit", { rollback: false });
    expect(machine.kernel.find("lagg0")).toBeUndefined();
  });
});

describe("boot", () => {
  test("reboot rebuilds the kernel from the middleware DB; rc.conf lagg lines are ignored", async () => {
    const machine = nas();
    await commitLagg(machine, { mtu: 9000 });
    await callOk(machine, "interface.checkin");
    await run(machine, "sysrc cloned_interfaces=lagg5");
    await run(machine, "sysrc 'ifconfig_lagg5=laggproto lacp laggport ix0'");
    await run(machine, "reboot");
    expect(machine.rcConf.get("netif_enable")).toBe("NO");
    expect(machine.kernel.find("lagg5")).toBeUndefined();
    const lagg = machine.kernel.get("lagg0");
    expect([lagg.mtu, lagg.lagg?.proto, lagg.lagg?.ports.map((p) => p.name)]).toEqual([9000, "lacp", ["igb0", "igb1"]]);
    expect(machine.isAddressReachable(machine.managementAddress)).toBe(true);
  });

  test("an uncommitted create is in the DB, so the next boot applies it", async () => {
    const machine = nas();
    await callOk(machine, "interface.create", LAGG);
    await run(machine, "reboot");
    expect(machine.kernel.find("lagg0")).toBeDefined();
    expect(await callOk(machine, "interface.has_pending_changes")).toBe(false);
  });
});
