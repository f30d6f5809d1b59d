// What copy-paste does to real captures: web spaces, joined lines, wrapped headers.

import { joinedBodyLine } from "../../../provider/ifconfig/interface-block";
import { splitLines } from "../../../provider/ifconfig/lines";
import { parseIfconfig } from "../../../provider/ifconfig/parse";

const HEADER = "igb1: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500";

describe("splitLines normalises characters a web page puts into a copy", () => {
  test.each([
    ["no-break space", "lagg0:\u00a0flags=8843<UP>\u00a0metric 0 mtu 1500", "lagg0: flags=8843<UP> metric 0 mtu 1500"],
    ["narrow no-break space", "\u202f\u202fether 00:50:56:29:a9:45", "  ether 00:50:56:29:a9:45"],
    ["em and thin spaces", "\u2003status:\u2009active", " status: active"],
    ["zero-width space inside a word", "laggport: em0 fl\u200bags=5<MASTER,ACTIVE>", "laggport: em0 flags=5<MASTER,ACTIVE>"],
    ["BOM at the start", "\ufefflagg0: flags=8843<UP> mtu 1500", "lagg0: flags=8843<UP> mtu 1500"],
    ["BOM in the middle (concatenated files)", "\tgroups: lagg\ufeff", "\tgroups: lagg"],
    ["tabs and trailing spaces stay", "\tinet 192.0.2.1 netmask 0xffffff00 ", "\tinet 192.0.2.1 netmask 0xffffff00 "],
  ])("%s", (_label, input, output) => {
    expect(splitLines(input).map((line) => line.text)).toEqual([output]);
  });

  test("line numbers count LF, CRLF and lone CR alike", () => {
    expect(splitLines("a\r\nb\nc\rd").map((line) => line.number)).toEqual([1, 2, 3, 4]);
  });

  test("a capture copied from a web page with no-break spaces parses like the original", () => {
    const original = "lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tlaggproto failover lagghash l2,l3,l4\n\tlaggport: em0 flags=5<MASTER,ACTIVE>\n\tstatus: active\n";
    expect(parseIfconfig(original.replace(/ /g, "\u00a0"))).toEqual(parseIfconfig(original));
  });
});

describe("a body line joined onto the header (a paste that lost the line break)", () => {
  test.each([
    ["options", `${HEADER} options=6403bb<RXCSUM,TXCSUM>`, "options=6403bb<RXCSUM,TXCSUM>"],
    ["ether", `${HEADER} ether 0c:c4:7a:34:24:85`, "ether 0c:c4:7a:34:24:85"],
    ["nothing after the MTU", HEADER, undefined],
    ["only trailing spaces", `${HEADER}   `, undefined],
    ["no MTU at all", "enc0: flags=0<>", undefined],
  ])("%s", (_label, header, joined) => {
    expect(joinedBodyLine(header)).toBe(joined);
  });

  test.each([
    ["options", "options=6403bb<RXCSUM,TXCSUM,VLAN_MTU>", { capabilities: { value: 0x6403bb, names: ["RXCSUM", "TXCSUM", "VLAN_MTU"] } }],
    ["ether", "ether 0c:c4:7a:34:24:85", { ether: "0c:c4:7a:34:24:85" }],
    ["inet", "inet 10.10.10.11 netmask 0xffffff00 broadcast 10.10.10.255", { inet: [{ address: "10.10.10.11", prefixLength: 24, broadcast: "10.10.10.255" }] }],
  ])("the joined %s line is applied like a body line", (_label, joined, expected) => {
    const [record] = parseIfconfig(`${HEADER} ${joined}\n\tstatus: active\n`);
    expect(record).toMatchObject({ name: "igb1", mtu: 1500, metric: 0, status: "active", ...expected });
  });

  test("the joined line counts as the first options= line", () => {
    const [record] = parseIfconfig(`${HEADER} options=80000<LINKSTATE>\n\toptions=1<ACCEPT_REV_ETHIP_VER>\n`);
    expect(record.capabilities).toEqual({ value: 0x80000, names: ["LINKSTATE"] });
  });

  test("a joined laggproto line still makes the block a lagg", () => {
    const [record] = parseIfconfig(`lagg0: flags=8843<UP> metric 0 mtu 1500 laggproto lacp lagghash l2\n\tlaggport: em0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>\n`);
    expect(record.lagg).toEqual({ protocol: "lacp", hash: ["l2"], ports: [{ name: "em0", flags: ["ACTIVE", "COLLECTING", "DISTRIBUTING"], flagsValue: 0x1c }] });
  });
});

describe("a header wrapped before `metric`/`mtu`", () => {
  test.each([
    ["metric and mtu", "\tmetric 0 mtu 1500", 1500, 0],
    ["mtu only", "    mtu 9000", 9000, undefined],
  ])("takes the MTU from the next line (%s)", (_label, line, mtu, metric) => {
    const [record] = parseIfconfig(`lagg0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP>\n${line}\n\tstatus: active\n`);
    expect(record.mtu).toBe(mtu);
    expect(record.metric).toBe(metric);
    expect(record.status).toBe("active");
    expect(Object.keys(record)).not.toContain(metric === undefined ? "metric" : "none");
  });

  test("does not override an MTU the header printed", () => {
    const [record] = parseIfconfig("lagg0: flags=8843<UP> metric 0 mtu 1500\n\tmtu 9000\n");
    expect(record.mtu).toBe(1500);
  });
});
