// Lint: the host files and every kind of rendered script (and the body each carries) are clean
// under `shellcheck -s sh` at warning level. Exceptions are `# shellcheck disable=` lines in the
// files themselves, each with its reason.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { HOST_DIR } from "../../../provider/script/host-files";
import { requireOrSkip } from "../../sim/server/system-deps";
import { lintTargets } from "./scenarios";

function shellcheck(args: string[], input?: string) {
  const r = spawnSync("shellcheck", ["-s", "sh", "-S", "warning", "-f", "gcc", ...args], { input, encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

requireOrSkip("shellcheck", "linting the host-side shell")("shellcheck -s sh -S warning", () => {
  test.each(readdirSync(HOST_DIR).filter((f) => f.endsWith(".sh")))("host file %s", (f) => {
    expect(shellcheck([join(HOST_DIR, f)])).toEqual({ status: 0, out: "" });
  });

  test.each(lintTargets())("rendered: %s", (_name, text) => {
    expect(shellcheck(["-"], text)).toEqual({ status: 0, out: "" });
  });
});
