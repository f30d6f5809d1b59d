import { diffSuffix, formatCheckFailure, renderState, renderSteps, summaryLine } from "./render";
import type { CapturedResource, KeyDiff, PlannedStep, StepOp } from "./types";

const TYPE = "pulumi-nodejs:dynamic/freebsd:Lagg";
const desired: CapturedResource = {
  urn: `urn:pulumi:dev::p::${TYPE}::nas1-uplink`,
  type: TYPE,
  name: "nas1-uplink",
  inputs: { connection: { host: "nas1", password: "hunter2" }, mtu: 9001, name: "lagg0" },
  secretInputs: ["connection"],
  additionalSecretOutputs: [],
  dependsOn: [],
  ignoreChanges: [],
  replaceOnChanges: [],
  protect: false,
};

function step(op: StepOp, diff: Partial<KeyDiff> = {}, extra: Partial<PlannedStep> = {}): PlannedStep {
  const full = { added: [], removed: [], changed: [], ...diff };
  return {
    urn: desired.urn, type: TYPE, name: "nas1-uplink", op, diff: full,
    diffKeys: [...full.added, ...full.removed, ...full.changed].sort(),
    replaces: [], deleteBeforeReplace: false, failures: [], desired, ...extra,
  };
}

test.each<[Partial<KeyDiff>, string]>([
  [{ changed: ["mtu", "description"] }, " [diff: ~mtu,description]"],
  [{ added: ["hash"], removed: ["options"], changed: ["name"] }, " [diff: +hash-options~name]"],
  [{}, ""],
])("diffSuffix(%j) is %j", (diff, suffix) => {
  expect(diffSuffix(step("update", diff))).toBe(suffix);
});

test.each<[StepOp[], string]>([
  [["create", "update"], "Resources: + 1 to create, ~ 1 to update"],
  [["replace", "delete", "same", "same"], "Resources: +- 1 to replace, - 1 to delete, 2 unchanged"],
  [[], "Resources: no resources"],
])("summaryLine(%j)", (ops, line) => {
  expect(summaryLine(ops.map((op) => step(op)))).toBe(line);
});

test("renderSteps prints one line per change like pulumi preview, sames omitted", () => {
  const steps = [step("create"), step("update", { changed: ["mtu"] }), step("replace", { changed: ["name"] }), step("delete"), step("same")];
  expect(renderSteps(steps)).toBe(
    [
      `+ ${TYPE} nas1-uplink create`,
      `~ ${TYPE} nas1-uplink update [diff: ~mtu]`,
      `+- ${TYPE} nas1-uplink replace [diff: ~name]`,
      `- ${TYPE} nas1-uplink delete`,
      "Resources: + 1 to create, ~ 1 to update, +- 1 to replace, - 1 to delete, 1 unchanged",
    ].join("\n"),
  );
});

test.each([
  [{ property: "mtu", reason: "must be at most 9000" }, `property mtu value {9001} has a problem: must be at most 9000`],
  [{ property: "connection.password", reason: "too short" }, `property connection.password value {[secret]} has a problem: too short`],
  [{ property: "connection", reason: "bad" }, `property connection value {[secret]} has a problem: bad`],
  [{ property: "", reason: "no host" }, `${TYPE} resource 'nas1-uplink' has a problem: no host`],
])("check failure %j renders as the engine's diagnostic, secrets redacted", (failure, expected) => {
  const text = formatCheckFailure(step("create"), failure);
  expect(text).toContain(expected);
  expect(text).not.toContain("hunter2");
});

test("showValues prints old and new values with secrets redacted", () => {
  const s = step("update", { changed: ["connection", "mtu"] }, {
    old: { urn: desired.urn, type: TYPE, id: "x", inputs: { connection: { password: "old-pw" }, mtu: 1500 }, outputs: {},
      secretInputs: ["connection"], secretOutputs: [], dependencies: [], additionalSecretOutputs: [] },
    checkedInputs: desired.inputs,
  });
  const text = renderSteps([s], { showValues: true });
  expect(text).toContain("      ~ connection: [secret] => [secret]");
  expect(text).toContain("      ~ mtu: 1500 => 9001");
  expect(text).not.toMatch(/old-pw|hunter2/);
});

test("renderState shows outputs with secrets redacted and __provider as its size", () => {
  const text = renderState({
    project: "p",
    stack: "s",
    resources: [
      { urn: desired.urn, type: TYPE, id: "nas1/lagg0", inputs: {}, secretInputs: [], dependencies: [], additionalSecretOutputs: [],
        outputs: { __provider: "exports.handler = x;", connection: { password: "hunter2" }, mtu: 9000 }, secretOutputs: ["connection"],
        initErrors: ["port igb1 did not join"] },
    ],
  });
  expect(text).toBe(
    [
      `${desired.urn} id=nas1/lagg0 (init errors: port igb1 did not join)`,
      "    __provider: <20 chars of serialized code>",
      "    connection: [secret]",
      "    mtu: 9000",
    ].join("\n"),
  );
});
