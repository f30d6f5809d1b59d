import { diffLagg } from "../../../provider/diff";
import { UNKNOWN } from "../../../provider/schema";
import { inputs } from "./fixtures";

const olds = { ...inputs({ protocol: "failover", ports: ["igb0", "igb1"], addresses: ["192.0.2.10/24", "2001:db8::10/64"] }), status: { ports: [], activePorts: [], activePortCount: 0, ether: "", lacpNegotiated: false }, hostKeyFingerprint: "SHA256:abc", internalState: { downPortsToRestore: ["igb1"] } } as Record<string, unknown>;
const news = (over: Record<string, unknown>) => ({ ...olds, status: undefined, ...over }) as Record<string, unknown>;
const conn = olds.connection as Record<string, unknown>;

describe("diffLagg", () => {
  test.each([
    ["nothing changed", {}, { changes: false, replaces: [], deleteBeforeReplace: false }],
    ["mtu", { mtu: 9000 }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["description", { description: "uplink" }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["protocol", { protocol: "lacp" }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["a port added", { ports: ["igb0", "igb1", "igb2"] }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["failover primary changed (reorder)", { ports: ["igb1", "igb0"] }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["addresses reordered: same set", { addresses: ["2001:db8::10/64", "192.0.2.10/24"] }, { changes: false, replaces: [], deleteBeforeReplace: false }],
    ["hash reordered: same set", { hash: ["l4", "l3", "l2"] }, { changes: false, replaces: [], deleteBeforeReplace: false }],
    ["rename: replace on the same host, delete first", { name: "lagg1" }, { changes: true, replaces: ["name"], deleteBeforeReplace: true }],
    ["new host address (same machine or not is checked by update): update, no replace", { connection: { ...conn, host: "nas2.example.net" } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["new ssh port: update, no replace", { connection: { ...conn, port: 2222 } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["through a jump host now: update, no replace", { connection: { ...conn, proxy: { host: "bastion" } } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["new host and new name: replace (the name), delete first", { name: "lagg1", connection: { ...conn, host: "nas2" } }, { changes: true, replaces: ["name"], deleteBeforeReplace: true }],
    ["key rotation: update, no replace", { connection: { ...conn, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nother\n-----END OPENSSH PRIVATE KEY-----\n" } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["unknown name at preview: replace, delete first", { name: UNKNOWN }, { changes: true, replaces: ["name"], deleteBeforeReplace: true }],
    ["unknown host at preview: an update", { connection: { ...conn, host: UNKNOWN } }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["unknown mtu at preview: a change", { mtu: UNKNOWN }, { changes: true, replaces: [], deleteBeforeReplace: false }],
  ])("%s", (_what, over, want) => {
    const d = diffLagg(olds, news(over));
    expect({ changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace }).toEqual(want);
  });

  test("a port reorder is no change outside failover", () => {
    const lacp = { ...olds, protocol: "lacp" };
    expect(diffLagg(lacp, { ...lacp, status: undefined, ports: ["igb1", "igb0"] }).changes).toBe(false);
  });

  test("outputs-only keys and __provider never count as changes", () => {
    const d = diffLagg({ ...olds, __provider: "old code", persisted: { mode: "rc.conf" }, priorDownPorts: ["igb0"] }, news({ __provider: "new code", hostKeyFingerprint: undefined, internalState: undefined }));
    expect(d).toMatchObject({ changes: false, changed: [] });
  });

  test("names the changed properties", () => {
    expect(diffLagg(olds, news({ mtu: 9000, description: "x" })).changed).toEqual(["description", "mtu"]);
  });
});
