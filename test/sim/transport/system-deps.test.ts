// Missing system binaries: a visible skip locally, a failure under LAGG_REQUIRE_SYSTEM_DEPS=1 (CI).
import { findExecutable, requireOrSkip, REQUIRE_SYSTEM_DEPS_ENV } from "../server/system-deps";

const MISSING = "laggsim-no-such-binary";

afterEach(() => {
  delete process.env[REQUIRE_SYSTEM_DEPS_ENV];
  jest.restoreAllMocks();
});

test.each([
  ["/bin/sh", "/bin/sh"],
  ["sh", expect.stringMatching(/\/sh$/)],
  [MISSING, undefined],
])("findExecutable(%s)", (binary, expected) => {
  expect(findExecutable(binary)).toEqual(expected);
});

test("an installed binary gives a plain describe", () => {
  expect(requireOrSkip("/bin/sh", "anything")).toBe(describe);
});

test("a missing binary gives describe.skip and a notice naming what is skipped", () => {
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  expect(requireOrSkip(MISSING, "the frobnication tests")).toBe(describe.skip);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining(`${MISSING} not found: skipping the frobnication tests`));
});

test("with LAGG_REQUIRE_SYSTEM_DEPS=1 a missing binary gives a suite whose test fails", () => {
  process.env[REQUIRE_SYSTEM_DEPS_ENV] = "1";
  const registered: string[] = [];
  const fakeDescribe = jest.spyOn(global, "describe").mockImplementation(((name: string, body: () => void) => {
    registered.push(name);
    const fakeTest = jest.spyOn(global, "test").mockImplementation(((testName: string, fn: () => void) => {
      registered.push(testName);
      expect(fn).toThrow(`${MISSING} not found: skipping the frobnication tests is not allowed`);
    }) as never);
    body();
    fakeTest.mockRestore();
  }) as never);
  requireOrSkip(MISSING, "the frobnication tests")("suite", () => undefined);
  fakeDescribe.mockRestore();
  expect(registered).toEqual(["suite", `system dependency ${MISSING} is installed`]);
});
