// The fixed host-side code: shell and awk kept as real files in ./host (read them there, lint them
// there). They are read once at module load, relative to this file, so the same code works from
// ts-jest (provider/script/host) and from the build (dist/provider/script/host, copied there by
// scripts/copy-host-files.js). Nothing is copied to a host: the renderer inlines them into the
// one script that `/bin/sh -s` reads on stdin.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where the host files are read from: in a source checkout, the sources themselves, also from the
 * build (dist/provider/script -> provider/script/host), so an edited .sh takes effect after a plain
 * `tsc` and a stale copy in dist can never run; in the installed package (no provider/ sources),
 * the copy next to the compiled renderer.
 */
export const HOST_DIR = [join(__dirname, "..", "..", "..", "provider", "script", "host"), join(__dirname, "host")].find((d) =>
  existsSync(join(d, "markers.sh")),
) ?? join(__dirname, "host");

/** The host files, in the order a script defines them. */
export const HOST_FILES = ["markers.sh", "snapshot.sh", "compare.sh", "release.sh", "session.sh", "steps.sh", "apply.sh", "safe-apply.sh", "detached-apply.sh", "truenas.sh", "lacp-gate.sh", "dhcp-lease.sh", "fields.awk"] as const;

/** The name of one host file. */
export type HostFile = (typeof HOST_FILES)[number];

/**
 * Drops whole-line comments and blank lines (the files are the documented source; the payload
 * stays lean), but keeps `# shellcheck disable=` lines so a rendered script lints as its files do.
 */
export function stripComments(text: string): string {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "" && (!/^\s*#/.test(l) || /^\s*# shellcheck disable=/.test(l)))
    .join("\n");
}

function load(name: HostFile): string {
  const text = stripComments(readFileSync(join(HOST_DIR, name), "utf8"));
  // fields.awk goes inside single quotes; a quote would end the shell word.
  if (name.endsWith(".awk") && text.includes("'")) throw new Error(`${name} must not contain a single quote`);
  return text;
}

const loaded = Object.fromEntries(HOST_FILES.map((f) => [f, load(f)])) as Record<HostFile, string>;

/** The text of one host file as it is inlined into scripts (comments and blank lines dropped). */
export function hostFile(name: HostFile): string {
  return loaded[name];
}
