#!/usr/bin/env node
// The package build (`prepack`, `prepare`): what ships, from tsconfig.tools.json: dist/provider (the library),
// and the dev tools (dist/devtools: the lagg-driver bin and the `./testing` export, over the simulator
// dist/test/sim and the engine-less driver dist/test/engine, without their tests), with type declarations and
// no source maps (their sources are not shipped), plus the host-side .sh/.awk files.
// Fresh output directories: a file whose source was deleted, or a test `npm run build` compiled, must not ship.
// dist/.tsbuildinfo goes too, so the next `npm run build` (incremental) re-emits what this removed instead of
// trusting stale build info.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

// `npm pack` and `npm publish` run prepack and then prepare: build once. `npm install --package-lock-only`
// runs prepare too, and must not touch dist/.
if (process.env.npm_lifecycle_event === "prepare") {
  if (["pack", "publish"].includes(process.env.npm_command ?? "") || process.env.npm_config_package_lock_only === "true") process.exit(0);
}

const root = path.resolve(__dirname, "..");
for (const dir of ["provider", "devtools", "test/sim", "test/engine"]) fs.rmSync(path.join(root, "dist", dir), { recursive: true, force: true });
fs.rmSync(path.join(root, "dist", ".tsbuildinfo"), { force: true });

execFileSync(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [root] }), "-p", path.join(root, "tsconfig.tools.json")], {
  cwd: root,
  stdio: "inherit",
});

// The host-side .sh/.awk the script renderer reads at load time: the same copy step `npm run build` runs.
execFileSync(process.execPath, [path.join(__dirname, "copy-host-files.js")], { cwd: root, stdio: "inherit" });
