// checkLaggArgs as a whole: defaults, normalization, __provider, unknown names, preview unknowns, garbage.
import { LAGG_DEFAULTS, UNKNOWN, checkLaggArgs } from "../../../provider/schema";
import { LaggInputs } from "../../../provider/types";
import { HOST_KEY, PRIVATE_KEY, argsWith, connectionWith, failuresOf, validArgs } from "./fixtures";

beforeEach(() => {
  delete process.env.SSH_AUTH_SOCK;
});

describe("defaults and normalization", () => {
  test("minimal arguments come back as complete LaggInputs", () => {
    const { inputs, failures } = checkLaggArgs(validArgs());
    expect(failures).toEqual([]);
    const expected: LaggInputs = {
      connection: {
        host: "nas1.example.net", port: 22, user: "root", privateKey: PRIVATE_KEY, hostKey: HOST_KEY,
        dialErrorLimit: 10, perDialTimeout: 15,
      },
      name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], mtu: 1500, description: "", addresses: [],
      dhcp: false, ipv6Autoconf: false, hash: ["l2", "l3", "l4"], lacpFastTimeout: false,
      disableHardwareOffload: false, options: [], persist: "auto", safeApply: true, confirmTimeout: 60, adopt: false,
    };
    expect(inputs).toEqual(expected);
  });

  test("optional host defaults stay absent (no undefined values that would break the engine's Struct)", () => {
    const { inputs } = checkLaggArgs(validArgs());
    for (const key of ["lacpStrict", "useFlowid", "flowidShift", "rrLimit"]) expect(key in inputs).toBe(false);
    expect(JSON.stringify(inputs)).not.toContain("undefined");
    expect(Object.values(inputs)).not.toContain(undefined);
  });

  test("LAGG_DEFAULTS matches what check fills", () => {
    const { inputs } = checkLaggArgs(validArgs());
    const { connection: connectionDefaults, ...topDefaults } = LAGG_DEFAULTS;
    expect(inputs).toMatchObject(topDefaults);
    expect(inputs.connection).toMatchObject(connectionDefaults);
  });

  test("null means the default", () => {
    const { inputs, failures } = checkLaggArgs(argsWith({ mtu: null, hash: null, persist: null, description: null }));
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ mtu: 1500, hash: ["l2", "l3", "l4"], persist: "auto", description: "" });
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["hash is sorted l2, l3, l4", { hash: ["l4", "l2", "l3"] }, { hash: ["l2", "l3", "l4"] }],
    ["hash subset is sorted", { hash: ["l4", "l3"] }, { hash: ["l3", "l4"] }],
    ["addresses become canonical", { addresses: ["192.168.001.010/24", "2001:DB8:0:0:0:0:0:10/64"] }, { addresses: ["192.168.1.10/24", "2001:db8::10/64"] }],
    ["ports keep the user's order", { ports: ["igb1", "em0", "igb0"] }, { ports: ["igb1", "em0", "igb0"] }],
    ["explicit values are kept", { mtu: 9000, description: "uplink", safeApply: false, lacpStrict: false, flowidShift: 0 }, { mtu: 9000, description: "uplink", safeApply: false, lacpStrict: false, flowidShift: 0 }],
  ])("%s", (_label, patch, expected) => {
    const { inputs, failures } = checkLaggArgs(argsWith(patch));
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject(expected);
  });

  test.each<[string, Record<string, unknown>]>([
    ["minimal lacp", {}],
    ["failover with everything", {
      protocol: "failover", mtu: 9000, description: "d", addresses: ["2001:DB8::1/64"], dhcp: true,
      disableHardwareOffload: true, options: ["-vlanhwfilter"], persist: "rc.conf", confirmTimeout: 30,
    }],
    ["roundrobin with rrLimit", { protocol: "roundrobin", rrLimit: 3 }],
    ["loadbalance with flowid", { protocol: "loadbalance", useFlowid: true, flowidShift: 8, options: [] }],
  ])("checking checked inputs again changes nothing (%s)", (_label, patch) => {
    const first = checkLaggArgs(argsWith(patch));
    expect(first.failures).toEqual([]);
    const second = checkLaggArgs(first.inputs);
    expect(second).toEqual({ inputs: first.inputs, failures: [] });
  });

  test("the caller's object is not modified", () => {
    const args = argsWith({ hash: ["l4", "l3"], addresses: ["2001:DB8::1/64"] });
    const copy = JSON.parse(JSON.stringify(args));
    checkLaggArgs(args);
    expect(args).toEqual(copy);
  });
});

describe("__provider and unknown property names", () => {
  test("__provider is dropped before strict checking", () => {
    const { inputs, failures } = checkLaggArgs({ ...validArgs(), __provider: "exports.handler = ..." });
    expect(failures).toEqual([]);
    expect("__provider" in inputs).toBe(false);
  });

  test.each<[string, string]>([
    ["protocl", 'unknown property "protocl"; did you mean "protocol"?'],
    ["port", 'unknown property "port"; did you mean "ports"?'],
    ["MTU", 'unknown property "MTU"; did you mean "mtu"?'],
    ["descripton", 'unknown property "descripton"; did you mean "description"?'],
    ["lacpFastTimout", 'unknown property "lacpFastTimout"; did you mean "lacpFastTimeout"?'],
    ["disableOffload", 'unknown property "disableOffload"; did you mean "disableHardwareOffload"?'],
  ])("%s", (key, reason) => {
    const { inputs, failures } = checkLaggArgs(argsWith({ [key]: 1 }));
    expect(failures).toEqual([{ property: key, reason }]);
    expect(key in inputs).toBe(false);
  });

  test("a name far from every property lists the known ones", () => {
    expect(failuresOf(argsWith({ zzzzzzzz: 1 }))).toEqual([
      { property: "zzzzzzzz", reason: expect.stringMatching(/^unknown property "zzzzzzzz"; known properties: connection, name, protocol, ports, mtu/) },
    ]);
  });
});

describe("preview: values equal to the unknown sentinel are kept and not judged", () => {
  test.each<[string, Record<string, unknown>]>([
    ["connection.host", connectionWith({ host: UNKNOWN })],
    ["connection.port", connectionWith({ port: UNKNOWN })],
    ["connection.privateKey (the only auth)", connectionWith({ privateKey: UNKNOWN })],
    ["connection.hostKey (the only verification)", connectionWith({ hostKey: UNKNOWN })],
    ["connection.insecureSkipHostKeyCheck", connectionWith({ hostKey: undefined, insecureSkipHostKeyCheck: UNKNOWN })],
    ["connection.proxy", connectionWith({ proxy: UNKNOWN })],
    ["connection.proxy.host", connectionWith({ proxy: { host: UNKNOWN, password: "pw", knownHostsPath: "/k" } })],
    ["the whole connection", argsWith({ connection: UNKNOWN })],
    ["name", argsWith({ name: UNKNOWN })],
    ["protocol", argsWith({ protocol: UNKNOWN })],
    ["ports", argsWith({ ports: UNKNOWN })],
    ["one port", argsWith({ ports: ["igb0", UNKNOWN] })],
    ["mtu", argsWith({ mtu: UNKNOWN })],
    ["description", argsWith({ description: UNKNOWN })],
    ["addresses", argsWith({ addresses: UNKNOWN })],
    ["one address", argsWith({ addresses: [UNKNOWN, "192.0.2.10/24"] })],
    ["hash", argsWith({ hash: UNKNOWN })],
    ["one hash layer", argsWith({ hash: ["l4", UNKNOWN] })],
    ["options", argsWith({ options: UNKNOWN })],
    ["one option", argsWith({ options: [UNKNOWN, "-lro"] })],
    ["booleans", argsWith({ dhcp: UNKNOWN, adopt: UNKNOWN, safeApply: UNKNOWN, lacpStrict: UNKNOWN })],
    ["numbers", argsWith({ flowidShift: UNKNOWN, rrLimit: UNKNOWN, confirmTimeout: UNKNOWN })],
    ["persist", argsWith({ persist: UNKNOWN, mtu: 1000 })],
  ])("%s", (_label, args) => {
    const { inputs, failures } = checkLaggArgs(args);
    expect(failures).toEqual([]);
    expect(JSON.stringify(inputs)).toContain(UNKNOWN);
  });

  test("an unknown connection.host is returned as the sentinel, with the rest normalized", () => {
    const { inputs } = checkLaggArgs(connectionWith({ host: UNKNOWN }));
    expect(inputs.connection).toMatchObject({ host: UNKNOWN, port: 22, user: "root" });
  });

  test("unknown ports stay the sentinel and unknown list elements stay in place", () => {
    expect(checkLaggArgs(argsWith({ ports: UNKNOWN })).inputs.ports).toBe(UNKNOWN);
    expect(checkLaggArgs(argsWith({ ports: [UNKNOWN, "igb1"] })).inputs.ports).toEqual([UNKNOWN, "igb1"]);
    expect(checkLaggArgs(argsWith({ hash: ["l4", UNKNOWN] })).inputs.hash).toEqual(["l4", UNKNOWN]);
  });

  test("known values next to unknown ones are still judged", () => {
    expect(failuresOf(argsWith({ ports: [UNKNOWN, "vlan0"] }))).toEqual([
      { property: "ports[1]", reason: expect.stringMatching(/pseudo-interface/) },
    ]);
    expect(failuresOf(connectionWith({ host: UNKNOWN, port: 0 }))).toEqual([
      { property: "connection.port", reason: expect.stringMatching(/1 to 65535/) },
    ]);
  });
});

describe("garbage never throws", () => {
  test.each<[string, unknown]>([
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["a string", "x"],
    ["a list", []],
    ["a boolean", true],
  ])("%s as the whole input gives one failure", (_label, news) => {
    const result = checkLaggArgs(news as Record<string, unknown>);
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^expected an object of Lagg arguments/) }]);
    expect(result.inputs).toEqual({});
  });

  const wrongValues: unknown[] = [null, 0, -1, 1.5, Number.NaN, Infinity, "", "x", true, [], [1, null, {}], {}, { a: [] }];
  test.each(["connection", "name", "protocol", "ports", "mtu", "description", "addresses", "hash", "options", "persist", "confirmTimeout", "rrLimit"])(
    "every wrong type for %s yields failures, not exceptions",
    (key) => {
      for (const value of wrongValues) {
        const result = checkLaggArgs(argsWith({ [key]: value }));
        expect(Array.isArray(result.failures)).toBe(true);
        for (const failure of result.failures) {
          expect(typeof failure.property).toBe("string");
          expect(failure.reason.length).toBeGreaterThan(0);
        }
      }
    },
  );

  test.each(["host", "port", "user", "password", "privateKey", "hostKey", "proxy", "dialErrorLimit", "insecureSkipHostKeyCheck"])(
    "every wrong type for connection.%s yields failures on that property",
    (key) => {
      for (const value of [1.5, true, [], {}, { x: 1 }]) {
        const failures = failuresOf(connectionWith({ [key]: value }));
        expect(failures.map((f) => f.property)).toContain(`connection.${key}`);
      }
    },
  );

  test("deeply wrong nested structures", () => {
    const failures = failuresOf({
      connection: { host: ["a"], proxy: { proxy: { proxy: 1 } }, port: { n: 22 } },
      name: { lagg: 0 },
      ports: [[], {}, null],
      addresses: [{ ip: "192.0.2.1" }],
      options: [["-lro"]],
    });
    expect(failures.map((f) => f.property)).toEqual(
      expect.arrayContaining([
        "connection.host", "connection.port", "connection.proxy.proxy", "connection.proxy.host", "name",
        "ports[0]", "ports[1]", "ports[2]", "protocol", "addresses[0]", "options[0]",
      ]),
    );
  });
});
