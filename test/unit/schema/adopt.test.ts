// `adopt`: false, true or "observe"; anything else is a check failure naming the allowed values.
import { checkLaggArgs, UNKNOWN } from "../../../provider/schema";
import { argsWith } from "./fixtures";

beforeEach(() => {
  delete process.env.SSH_AUTH_SOCK;
});

test.each<[string, unknown, unknown]>([
  ["omitted: refuse an existing lagg", undefined, false],
  ["null: the default", null, false],
  ["false", false, false],
  ["true: converge, logging each change", true, true],
  ['"observe": take over, change nothing', "observe", "observe"],
  ["unknown at preview: kept", UNKNOWN, UNKNOWN],
])("adopt %s", (_name, adopt, want) => {
  const { inputs, failures } = checkLaggArgs(argsWith({ adopt }));
  expect(failures).toEqual([]);
  expect(inputs.adopt).toEqual(want);
});

test.each<[string, unknown, string]>([
  ["a misspelt mode", "observer", '"observer"'],
  ["a string true", "true", '"true"'],
  ["a number", 1, "a number"],
  ["a list", ["observe"], "a list"],
])("adopt as %s fails, naming the allowed values and what each does", (_name, adopt, got) => {
  const { failures } = checkLaggArgs(argsWith({ adopt }));
  expect(failures).toEqual([{
    property: "adopt",
    reason: `expected false (refuse a lagg that already exists), true (take it over and converge it, logging each change) or "observe" (take it over as it is, changing nothing), got ${got}`,
  }]);
});
