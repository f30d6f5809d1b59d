// Finds a system binary (sshd, tcsh, unshare, ...) the way the simulator and the tests look for one.
// Apart from system-deps.ts (jest's skip helpers) so that the shipped simulator needs no jest.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Absolute path of an executable (absolute path as given, else searched in PATH plus the sbin dirs), or undefined. */
export function findExecutable(binary: string): string | undefined {
  const candidates = binary.startsWith("/")
    ? [binary]
    : [...(process.env.PATH ?? "").split(delimiter), "/usr/local/sbin", "/usr/sbin", "/sbin"]
        .filter((dir) => dir !== "")
        .map((dir) => join(dir, binary));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
