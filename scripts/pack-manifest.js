#!/usr/bin/env node
// `prepack` / `postpack`: the packed package.json carries no `scripts`. Every script is for this repository
// (build, test, demo) and names files the tarball does not hold; npm 11 warns on installing a package with a
// `prepare` script ("install-scripts not yet covered by allowScripts") even though it never runs it for a
// tarball or registry install. `prepare` stays in the repository's package.json for git installs
// (`npm install github:...` builds in npm's clone).
//   node scripts/pack-manifest.js strip     (prepack, after the build) writes package.json without scripts,
//                                            keeping the original in package.json.orig
//   node scripts/pack-manifest.js restore   (postpack) puts the original back
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const manifest = path.join(root, "package.json");
const saved = path.join(root, "package.json.orig");

function restore() {
  if (fs.existsSync(saved)) fs.renameSync(saved, manifest);
}

const action = process.argv[2];
if (action === "restore") restore();
else if (action === "strip") {
  restore(); // a pack that failed before its postpack left the stripped file: start from the original
  const text = fs.readFileSync(manifest, "utf8");
  const pkg = JSON.parse(text);
  delete pkg.scripts;
  fs.writeFileSync(saved, text);
  fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else {
  process.stderr.write("usage: pack-manifest.js strip|restore\n");
  process.exit(64);
}
