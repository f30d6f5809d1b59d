import { closestName, editDistance, unknownPropertyReason } from "../../../provider/schema/failures";

describe("editDistance", () => {
  test.each([
    ["protocl", "protocol", 1],
    ["protcool", "protocol", 1],
    ["mtu", "mtu", 0],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
  ])("%s → %s = %d", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe("closestName", () => {
  const names = ["protocol", "ports", "mtu", "perDialTimeout", "privateKey", "hostKey"];
  test.each([
    ["protocl", "protocol"],
    ["Ports", "ports"],
    ["MTU", "mtu"],
    ["timeout", "perDialTimeout"],
    ["privatekey", "privateKey"],
    ["key", undefined],
    ["completely-unrelated", undefined],
  ])("%s → %s", (input, expected) => {
    expect(closestName(input, names)).toBe(expected);
  });
});

test("unknownPropertyReason shortens long names", () => {
  expect(unknownPropertyReason("x".repeat(100), ["name"])).toBe(`unknown property "${"x".repeat(40)}…"; known properties: name`);
});
