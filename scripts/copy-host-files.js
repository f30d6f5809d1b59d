#!/usr/bin/env node
// Copies the host-side shell and awk (provider/script/host/*.sh, *.awk) next to the compiled
// renderer (dist/provider/script/host/), which reads them at load time. tsc copies only .ts output.
const { copyFileSync, mkdirSync, readdirSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const from = join(root, "provider", "script", "host");
const to = join(root, "dist", "provider", "script", "host");
mkdirSync(to, { recursive: true });
for (const f of readdirSync(from)) {
  if (f.endsWith(".sh") || f.endsWith(".awk")) copyFileSync(join(from, f), join(to, f));
}
