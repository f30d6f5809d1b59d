import { CAPABILITY_WORDS, OFFLOAD_CAPABILITY_WORDS, OPTION_WORDS, checkLaggArgs } from "../../../provider/schema";
import { argsWith, failuresOf } from "./fixtures";

describe("OPTION_WORDS", () => {
  test("holds every capability toggle with and without a dash, plus use_numa", () => {
    for (const word of CAPABILITY_WORDS) {
      expect(OPTION_WORDS).toContain(word);
      expect(OPTION_WORDS).toContain(`-${word}`);
    }
    expect(OPTION_WORDS).toEqual(expect.arrayContaining(["use_numa", "-use_numa"]));
    expect(OPTION_WORDS).toHaveLength(CAPABILITY_WORDS.length * 2 + 2);
  });

  test("OFFLOAD_CAPABILITY_WORDS is TrueNAS's disable list as ifconfig words", () => {
    expect([...OFFLOAD_CAPABILITY_WORDS].sort()).toEqual(
      ["lro", "rxcsum", "rxcsum6", "tso4", "tso6", "txcsum", "txcsum6", "vlanhwtso"],
    );
  });
});

describe("options that pass", () => {
  test.each<[string, Record<string, unknown>]>([
    ["no options", {}],
    ["one negated capability", { options: ["-vlanhwfilter"] }],
    ["every allowed capability word once", { options: CAPABILITY_WORDS.map((w) => w) }],
    ["use_numa with lacp", { protocol: "lacp", options: ["-use_numa"] }],
    ["disabling words alongside disableHardwareOffload", { disableHardwareOffload: true, options: ["-txcsum", "-vlanhwtag"] }],
  ])("%s", (_label, patch) => {
    expect(failuresOf(argsWith(patch))).toEqual([]);
  });

  test("the user's order is kept", () => {
    const { inputs } = checkLaggArgs(argsWith({ options: ["-vlanhwtag", "-lro", "-vlanhwfilter"] }));
    expect(inputs.options).toEqual(["-vlanhwtag", "-lro", "-vlanhwfilter"]);
  });
});

describe("options that fail", () => {
  test.each<[string, string[], RegExp]>([
    ["mtu", ["mtu"], /set by the `mtu` property/],
    ["laggproto", ["laggproto"], /`protocol` property/],
    ["laggport", ["laggport"], /`ports` property/],
    ["-laggport", ["-laggport"], /`ports` property/],
    ["lagghash", ["lagghash"], /`hash` property/],
    ...["description", "descr", "-description", "-descr"].map((w): [string, string[], RegExp] => [w, [w], /`description` property/]),
    ...["inet", "inet6", "alias", "-alias", "netmask", "broadcast", "prefixlen"].map(
      (w): [string, string[], RegExp] => [w, [w], /`addresses` property/],
    ),
    ["lacp_fast_timeout", ["lacp_fast_timeout"], /`lacpFastTimeout` property/],
    ["-lacp_fast_timeout", ["-lacp_fast_timeout"], /`lacpFastTimeout` property/],
    ["lacp_strict", ["lacp_strict"], /`lacpStrict` property/],
    ["use_flowid", ["use_flowid"], /`useFlowid` property/],
    ["flowid_shift", ["flowid_shift"], /`flowidShift` property/],
    ["rr_limit", ["rr_limit"], /`rrLimit` property/],
    ["up", ["up"], /"up" is not allowed: the lagg and its ports are always brought up/],
    ["down", ["down"], /"down" is not allowed: the lagg and its ports are always brought up/],
    ...["create", "destroy", "name", "vnet", "-vnet"].map((w): [string, string[], RegExp] => [w, [w], /not allowed in options/]),
    ["a phrase", ["mtu 9000"], /"mtu 9000" is not a single word; set the `mtu` property instead/],
    ["two capability words in one entry", ["-lro -tso"], /"-lro -tso" is not a single ifconfig word/],
    ["a shell string", ["-lro; reboot"], /is not a single ifconfig word/],
    ["an unknown word", ["monitor"], /"monitor" is not an allowed ifconfig word; allowed: capability toggles \(rxcsum/],
    ["a typo", ["-vlanhwfiltr"], /did you mean "-vlanhwfilter"\?/],
    ["an empty word", [""], /must not be empty/],
    ["upper-case", ["-LRO"], /did you mean "-lro"\?/],
  ])("%s", (_label, options, reason) => {
    expect(failuresOf(argsWith({ options }))).toEqual([{ property: "options[0]", reason: expect.stringMatching(reason) }]);
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ["duplicate word", { options: ["-lro", "-tso", "-lro"] }, "options[2]", /duplicate of options\[0\] \("-lro"\)/],
    ["word and its negation", { options: ["-lro", "lro"] }, "options[1]", /"lro" contradicts options\[0\] \("-lro"\)/],
    ["use_numa without lacp", { protocol: "failover", options: ["use_numa"] }, "options[0]", /only applies to protocol "lacp", not "failover"/],
    ["re-enabling an offload", { disableHardwareOffload: true, options: ["-vlanhwtag", "txcsum"] }, "options[1]", /turns on an offload that disableHardwareOffload: true turns off/],
    ["tso with disableHardwareOffload", { disableHardwareOffload: true, options: ["tso"] }, "options[0]", /disableHardwareOffload/],
    ["not a list", { options: "-lro" }, "options", /expected a list of strings like \["-vlanhwfilter"\], got a string/],
    ["element not a string", { options: ["-lro", false] }, "options[1]", /expected a string, got false/],
  ])("%s", (_label, patch, property, reason) => {
    expect(failuresOf(argsWith(patch))).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });
});
