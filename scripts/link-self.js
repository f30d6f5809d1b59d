#!/usr/bin/env node
// Links node_modules/pulumi-freebsd-lagg to this checkout, so the examples import the package by the
// name users write (`import { Lagg } from "pulumi-freebsd-lagg"`) and run against this checkout's dist/.
// (npm refuses a package that depends on itself, so a `file:.` devDependency cannot do this.)
// Run by `prepare` (after `npm ci` / `npm install`) and `prebuild`.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const name = require(path.join(root, "package.json")).name;
const link = path.join(root, "node_modules", name);
// Inside another project's node_modules (a git-URL install), there is nothing to link.
if (path.basename(path.dirname(root)) === "node_modules") process.exit(0);

let current;
try {
  current = fs.readlinkSync(link);
} catch {
  current = undefined;
}
if (current !== "..") {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
}
