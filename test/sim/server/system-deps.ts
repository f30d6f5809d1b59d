// Tests that need a system binary (sshd, tcsh, ...) skip visibly when it is missing, or fail under CI.
import { findExecutable } from "./find-executable";

export { findExecutable } from "./find-executable";

/** Env var that turns a missing system dependency from a skip into a failure (CI sets it). */
export const REQUIRE_SYSTEM_DEPS_ENV = "LAGG_REQUIRE_SYSTEM_DEPS";

/**
 * `describe` when `binary` exists; otherwise `describe.skip` plus a console notice naming what is skipped,
 * or, when LAGG_REQUIRE_SYSTEM_DEPS=1, a `describe` whose single test fails with that reason.
 */
export function requireOrSkip(binary: string, reason: string): jest.Describe {
  if (findExecutable(binary)) return describe;
  const message = `${binary} not found: skipping ${reason}`;
  if (process.env[REQUIRE_SYSTEM_DEPS_ENV] === "1") {
    const failing = ((name: string) =>
      describe(name, () => {
        test(`system dependency ${binary} is installed`, () => {
          throw new Error(`${message} is not allowed (${REQUIRE_SYSTEM_DEPS_ENV}=1)`);
        });
      })) as unknown as jest.Describe;
    return failing;
  }
  console.warn(`NOTICE: ${message} (set ${REQUIRE_SYSTEM_DEPS_ENV}=1 to fail instead)`);
  return describe.skip;
}
