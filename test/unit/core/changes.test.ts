// What an update logs as drift (issue 19): only the fields the host shows otherwise than Pulumi recorded.
import { driftChanges, fieldChanges } from "../../../provider/operations/changes";
import { inputs } from "./fixtures";

const recorded = inputs({ ports: ["igb0", "igb1"], mtu: 9000, description: "uplink" });

test("a port the program adds while the MTU drifted: only the MTU is drift", () => {
  const seen = { ...recorded, mtu: 1500 };
  const news = { ...recorded, ports: ["igb0", "igb1", "igb2"] };
  expect(driftChanges(recorded, seen, news)).toEqual(["mtu: 1500 -> 9000"]);
  // The whole change from what the host shows names the port too (what "reverting drift" used to log).
  expect(fieldChanges(seen, news)).toEqual(expect.arrayContaining([expect.stringMatching(/^ports: /), "mtu: 1500 -> 9000"]));
});

test("drift the program changes anyway is reverted to the program's value; drift it keeps is not logged as reverted", () => {
  const seen = { ...recorded, mtu: 4000, description: "hand-edited" };
  expect(driftChanges(recorded, seen, { ...recorded, mtu: 1500, description: "hand-edited" })).toEqual(["mtu: 4000 -> 1500"]);
});

test("no drift: nothing to revert, whatever the program changes", () => {
  expect(driftChanges(recorded, recorded, { ...recorded, ports: ["igb0"], mtu: 1500 })).toEqual([]);
});
