import { findBitField, parseBitField } from "../../../provider/ifconfig/bits";

describe("parseBitField", () => {
  test.each([
    ["8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>", 0x8843, ["UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST"]],
    ["1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP>", 0x1008843, ["UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST", "LOWER_UP"]],
    ["0<>", 0, []],
    ["0", 0, []], // 14+ print_bits: no <> when no bit is set (options=0)
    ["3D", 0x3d, []], // pre-10 `state=%X`: uppercase hex, no names
    ["3d<ACTIVITY,AGGREGATION,SYNC,COLLECTING,DISTRIBUTING>", 0x3d, ["ACTIVITY", "AGGREGATION", "SYNC", "COLLECTING", "DISTRIBUTING"]],
    ["91<USE_FLOWID,LACP_STRICT>", 0x91, ["USE_FLOWID", "LACP_STRICT"]], // 0x80 set but unnamed on 11
    ["812098<VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,WOL_MAGIC,VLAN_HWFILTER>", 0x812098, ["VLAN_MTU", "VLAN_HWTAGGING", "VLAN_HWCSUM", "WOL_MAGIC", "VLAN_HWFILTER"]],
    ["1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3d<ACTIVITY>", 0x1c, ["ACTIVE", "COLLECTING", "DISTRIBUTING"]],
    ["8843 metric 0 mtu 1500", 0x8843, []], // a copy that lost the <...>
    ["5<MASTER,ACTIVE", 5, ["MASTER", "ACTIVE"]], // truncated before '>'
    ["ffffffff<>", 0xffffffff, []],
  ])("%s -> value %i", (text, value, names) => {
    expect(parseBitField(text)).toEqual({ value, names });
  });

  test.each(["", "<UP>", "zz", " 8843<UP>"])("%j is not a bit field", (text) => {
    expect(parseBitField(text)).toBeUndefined();
  });
});

describe("findBitField", () => {
  test.each([
    ["flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3d<ACTIVITY,SYNC>", "state", { value: 0x3d, names: ["ACTIVITY", "SYNC"] }],
    ["flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3D", "state", { value: 0x3d, names: [] }],
    ["flags=1c<ACTIVE,COLLECTING,DISTRIBUTING> state=3D", "flags", { value: 0x1c, names: ["ACTIVE", "COLLECTING", "DISTRIBUTING"] }],
    ["flags=0<>", "state", undefined],
    ["xstate=3d<ACTIVITY>", "state", undefined], // only whole words
  ])("%s [%s]", (line, key, expected) => {
    expect(findBitField(line, key)).toEqual(expected);
  });
});
