// Focused behaviours of parseIfconfig that the golden fixtures do not isolate.

import { parseIfconfig } from "../../../provider/ifconfig/parse";

const lines = (...body: string[]): string => `${body.join("\n")}\n`;

describe("interface header", () => {
  test.each([
    ["lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500", "lagg0", 0x8843, 0, 1500],
    ["lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> mtu 1500", "lagg0", 0x8843, undefined, 1500],
    ["lagg0.100: flags=8843<UP> metric 0 mtu 1496", "lagg0.100", 0x8843, 0, 1496],
    ["lagg0_vlan10: flags=1008843<UP,LOWER_UP> metric 0 mtu 9000", "lagg0_vlan10", 0x1008843, 0, 9000],
    ["vnet0:9: flags=8943<UP,PROMISC> metric 0 mtu 1500", "vnet0:9", 0x8943, 0, 1500],
    ["pflog0: flags=0 metric 0 mtu 33152", "pflog0", 0, 0, 33152],
    ["stf0: flags=0<> metric 0 mtu 1280", "stf0", 0, 0, 1280],
    ["    lagg0: flags=8843<UP> metric 0 mtu 1500", "lagg0", 0x8843, 0, 1500], // indented copy
  ])("%s", (header, name, flagsValue, metric, mtu) => {
    const [record] = parseIfconfig(header);
    expect(record).toMatchObject({ name, flagsValue, mtu });
    expect(record.metric).toBe(metric);
  });

  test("a new block starts at every header; body lines never do", () => {
    const text = lines(
      "bridge0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500",
      "\tmember: lagg0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>",
      "\t        ifmaxaddr 0 port 5 priority 128 path cost 2000",
      "lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500",
      "\tlaggproto lacp lagghash l2,l3,l4",
    );
    const records = parseIfconfig(text);
    expect(records.map((record) => record.name)).toEqual(["bridge0", "lagg0"]);
    expect(records[0].flagsValue).toBe(0x8843);
    expect(records[0].lagg).toBeUndefined();
  });
});

describe("lagg detection", () => {
  test.each([
    ["a renamed lagg", "uplink0", "\tlaggproto failover lagghash l2,l3,l4", "failover", ["l2", "l3", "l4"]],
    ["a 7-era lagg", "lagg0", "\tlagg: laggproto roundrobin", "roundrobin", []],
    ["a stacked pre-10 lagg that is also a port", "lagg1", "\tlaggproto failover laggdev lagg2", "failover", []],
    ["an unknown protocol", "lagg0", "\tlaggproto <unknown> lagghash l4", "<unknown>", ["l4"]],
  ])("%s is a lagg", (_label, name, protoLine, protocol, hash) => {
    const [record] = parseIfconfig(lines(`${name}: flags=8843<UP> metric 0 mtu 1500`, protoLine));
    expect(record.lagg).toEqual({ protocol, hash, ports: [] });
  });

  test.each([
    ["named like a lagg but a vlan", "lagg0_vlan10", "\tvlan: 10 vlanproto: 802.1q vlanpcp: 0 parent interface: lagg0"],
    ["a 7-era member port", "fxp0", "\tlagg: laggdev lagg0"],
    ["in the lagg group without laggproto", "lagg0", "\tgroups: lagg"],
  ])("%s is not a lagg", (_label, name, line) => {
    const [record] = parseIfconfig(lines(`${name}: flags=8843<UP> metric 0 mtu 1500`, line));
    expect(record.lagg).toBeUndefined();
  });
});

describe("ifconfig -v lagg block", () => {
  const verbose = lines(
    "lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500",
    "\tlaggproto lacp lagghash l2,l3,l4",
    "\tlagg options:",
    "\t\tflags=94<USE_NUMA,LACP_STRICT,LACP_FAST_TIMO>",
    "\t\tflowid_shift: 16",
    "\tlagg statistics:",
    "\t\tactive ports: 1",
    "\t\tflapping: 7",
    "\tlag id: [(8000,58-9C-FC-00-00-01,01F6,0000,0000),",
    "\t\t (FFFF,00-00-00-00-00-00,0000,0000,0000)]",
    "\tlaggport: ix0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3f<ACTIVITY,TIMEOUT,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING>",
    "\t\t[(8000,58-9C-FC-00-00-01,01F6,8000,0001),",
    "\t\t (8000,00-11-22-33-44-55,0011,8000,0010)]",
    "\tlaggport: ix1 flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>",
    "\t\t[(8000,58-9C-FC-00-00-01,01F6,8000,0002),",
    "\t\t (FFFF,00-00-00-00-00-00,0000,FFFF,0000)]",
  );

  test("the flags= line under `lagg options:` is the lagg option bits, not the interface flags", () => {
    const [record] = parseIfconfig(verbose);
    expect(record.flagsValue).toBe(0x8843);
    expect(record.flags).toEqual(["UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST"]);
    expect(record.lagg?.options).toEqual({ flags: ["USE_NUMA", "LACP_STRICT", "LACP_FAST_TIMO"], flagsValue: 0x94, flowidShift: 16 });
  });

  test("lag id and peer continuation lines add no ports", () => {
    const [record] = parseIfconfig(verbose);
    expect(record.lagg?.ports).toEqual([
      { name: "ix0", flags: ["ACTIVE", "COLLECTING", "DISTRIBUTING"], flagsValue: 0x1c, lacpState: ["ACTIVITY", "TIMEOUT", "AGGREGATION", "SYNC", "COLLECTING", "DISTRIBUTING"], lacpStateValue: 0x3f },
      { name: "ix1", flags: [], flagsValue: 0, lacpState: ["ACTIVITY", "AGGREGATION", "DEFAULTED"], lacpStateValue: 0x45 },
    ]);
    expect(record.lagg).toMatchObject({ activePorts: 1, flapping: 7 });
  });

  test("a flags= line outside `lagg options:` is ignored", () => {
    const [record] = parseIfconfig(lines("lagg0: flags=8843<UP> metric 0 mtu 1500", "\tflags=1<USE_FLOWID>", "\tlaggproto lacp"));
    expect(record.flagsValue).toBe(0x8843);
    expect(record.lagg?.options).toBeUndefined();
  });
});

describe("line order does not matter", () => {
  const body = [
    "\toptions=4e504bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,LRO,VLAN_HWFILTER,VLAN_HWTSO,RXCSUM_IPV6,TXCSUM_IPV6,HWSTATS,MEXTPG>",
    "\tether 00:50:56:29:a9:45",
    "\thwaddr 00:00:00:00:00:00",
    "\tinet 192.168.5.5 netmask 0xffffff00 broadcast 192.168.5.255",
    "\tinet6 fe80::250:56ff:fe29:a945%lagg0 prefixlen 64 scopeid 0x3",
    "\tlaggproto failover lagghash l2,l3,l4",
    "\tlaggport: em0 flags=5<MASTER,ACTIVE>",
    "\tlaggport: em1 flags=0<>",
    "\tgroups: lagg",
    "\tmedia: Ethernet autoselect",
    "\tstatus: active",
    "\tnd6 options=829<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL,STABLEADDR>",
  ];
  const header = "lagg0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500";
  const [expected] = parseIfconfig(lines(header, ...body));

  test.each([
    ["<= 11 order (addresses, nd6, media, status, groups, then lagg)", [0, 1, 2, 3, 4, 11, 9, 10, 8, 5, 6, 7]],
    ["7-era order (media and status before laggproto)", [0, 1, 3, 9, 10, 5, 6, 7, 2, 4, 8, 11]],
    ["reversed, ports kept in their order", [11, 10, 9, 8, 6, 7, 5, 4, 3, 2, 1, 0]],
  ])("%s", (_label, order) => {
    expect(parseIfconfig(lines(header, ...order.map((index) => body[index])))).toEqual([expected]);
  });
});

describe("single-value lines", () => {
  test.each([
    ["internal spaces and quotes", "\tdescription: core \"A\"  uplink 'x'", "core \"A\"  uplink 'x'"],
    ["CRLF", "\tdescription: storage uplink\r", "storage uplink"],
    ["colon inside", "\tdescription: to: sw1 port: 47", "to: sw1 port: 47"],
    ["space indentation", "        description: x", "x"],
  ])("description keeps the text verbatim (%s)", (_label, line, description) => {
    const [record] = parseIfconfig(`lagg0: flags=8843<UP> metric 0 mtu 1500\n${line}\n`);
    expect(record.description).toBe(description);
  });

  test("the first options= line is the capabilities; a gre options= line later is not", () => {
    const [record] = parseIfconfig(lines("gre0: flags=8051<UP> metric 0 mtu 1476", "\toptions=80000<LINKSTATE>", "\toptions=0<>"));
    expect(record.capabilities).toEqual({ value: 0x80000, names: ["LINKSTATE"] });
  });

  test("groups skip the trailing space and keep every group", () => {
    const [record] = parseIfconfig(lines("lagg0: flags=8843<UP> metric 0 mtu 1500", "\tgroups: lagg egress "));
    expect(record.groups).toEqual(["lagg", "egress"]);
  });

  test("capabilities default to value 0 when no options= line is printed (13 with no caps)", () => {
    const [record] = parseIfconfig("lagg0: flags=8843<UP> metric 0 mtu 1500\n");
    expect(record).toEqual({ name: "lagg0", flags: ["UP"], flagsValue: 0x8843, metric: 0, mtu: 1500, capabilities: { value: 0, names: [] }, inet: [], inet6: [], groups: [] });
  });
});
