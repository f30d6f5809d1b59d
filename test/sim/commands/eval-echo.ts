// What libexec/rc/network.subr does to an rc.conf value before ifconfig sees it (releng/13.x and 14.x, read
// from freebsd/freebsd-src): get_if_var runs `eval echo \${ifconfig_IF-default}`, so the unquoted expansion is
// field-split on blanks (runs collapse, leading/trailing blanks vanish) and every field holding `*`, `?` or
// `[` is a pathname pattern expanded against the file system (rc runs with cwd /); a pattern that matches
// nothing stays literal, as sh(1) leaves it. echo joins the fields with one space.
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Expands one pathname pattern to the matching paths (sorted), or [] when nothing matches. */
export type PathnameExpander = (pattern: string) => string[];

/** An expander that matches nothing: every pattern stays literal (a host without a file system). */
export const NO_FILES: PathnameExpander = () => [];

const GLOB_CHARS = /[*?[]/;

/**
 * sh's unquoted expansion of a variable: field splitting on IFS blanks, then pathname expansion of each field.
 * Returns the fields.
 */
export function expandUnquoted(value: string, expand: PathnameExpander): string[] {
  const fields = value.split(/[ \t\n]+/).filter(Boolean);
  return fields.flatMap((field) => {
    if (!GLOB_CHARS.test(field)) return [field];
    const matches = expand(field);
    return matches.length ? matches : [field];
  });
}

/** get_if_var: `eval echo \${var}`, i.e. the value as echo prints it after unquoted expansion. */
export function evalEcho(value: string, expand: PathnameExpander): string {
  return expandUnquoted(value, expand).join(" ");
}

/** fnmatch(3) of one path component (no FNM_PERIOD subtleties beyond sh's: a leading dot must match literally). */
export function componentMatcher(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) {
        re += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      re += `[${negate ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}

/**
 * Pathname expansion against a directory that stands for `/` (the simulated host's root): absolute patterns
 * from it, relative ones from it too (rc's cwd is /). Names starting with `.` match only a literal leading dot.
 */
export function expanderAt(rootDir: string): PathnameExpander {
  return (pattern) => {
    const absolute = pattern.startsWith("/");
    const parts = pattern.split("/").filter(Boolean);
    // `..` would leave the directory that stands for /; at the real root it stays there, so never climb.
    if (parts.includes("..")) return [];
    let paths = [""];
    for (const part of parts) {
      const next: string[] = [];
      for (const base of paths) {
        if (!GLOB_CHARS.test(part)) {
          next.push(base ? `${base}/${part}` : part);
          continue;
        }
        let names: string[];
        try {
          names = readdirSync(join(rootDir, base));
        } catch {
          continue;
        }
        const matcher = componentMatcher(part);
        for (const name of names.sort()) {
          if (name.startsWith(".") && !part.startsWith(".")) continue;
          if (matcher.test(name)) next.push(base ? `${base}/${name}` : name);
        }
      }
      paths = next;
      if (!paths.length) return [];
    }
    // Literal components were taken on trust; sh only returns paths that exist.
    const existing = paths.filter((p) => {
      try {
        lstatSync(join(rootDir, p));
        return true;
      } catch {
        return false;
      }
    });
    return existing.map((p) => (absolute ? `/${p}` : p));
  };
}
