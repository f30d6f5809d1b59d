import { diffKeysOf, jsonEqual, topLevelDiff } from "./json";
import type { Json, JsonObject } from "./types";

test.each<[Json, Json, boolean]>([
  [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
  [{ a: 1 }, { a: 1, b: null }, false],
  [[1, 2], [2, 1], false],
  [{ a: { b: "x" } }, { a: { b: "y" } }, false],
  [null, {}, false],
  ["1", 1, false],
])("jsonEqual(%j, %j) is %s", (a, b, equal) => {
  expect(jsonEqual(a, b)).toBe(equal);
});

test.each<[JsonObject, JsonObject, string[], string[], string[]]>([
  [{ a: 1, __provider: "x" }, { a: 1, __provider: "y" }, [], [], []],
  [{ a: 1, b: 2 }, { a: 2, c: 3 }, ["c"], ["b"], ["a"]],
  [{ mtu: 1500, name: "lagg0" }, { name: "lagg0", mtu: 9000, description: "d" }, ["description"], [], ["mtu"]],
])("topLevelDiff(%j, %j) adds %j, removes %j, changes %j", (olds, news, added, removed, changed) => {
  const diff = topLevelDiff(olds, news);
  expect(diff).toEqual({ added, removed, changed });
  expect(diffKeysOf(diff)).toEqual([...added, ...removed, ...changed].sort());
});
