// The persisted view a script prints between the PERSIST markers: every rc.conf variable boot
// applies to the lagg (listed by prefix, so a hand-added `ifconfig_lagg0_alias7` or `_name` is seen
// whatever its number), then the named variables the listing does not cover (cloned_interfaces, the
// ports' own lines).
import { laggBootVariable, laggBootVariablePrefixes } from "../persist/boot-variables";
import { shQuote } from "../shell";

/** An extended regular expression matching `text` literally. */
const ereLiteral = (text: string) => text.replace(/[.[\]()*+?{}|^$\\]/g, (c) => `\\${c}`);

/**
 * The `grep -E` pattern for `sysrc -ae` lines (`name="value"`) of every variable whose name is one
 * of laggBootVariablePrefixes(name), alone or followed by `_anything`. It also matches some that are
 * not the lagg's (VLAN `ifconfig_lagg0_100`): laggBootVariable sorts those out when compared.
 */
export function laggBootVariablePattern(name: string): string {
  return `^(${laggBootVariablePrefixes(name).map(ereLiteral).join("|")})(_[^=]*)?=`;
}

/**
 * Shell that prints the persisted view in `sysrc -e` format: `sysrc -ae` filtered by
 * laggBootVariablePattern, then `sysrc -e` of the `names` the listing does not already cover. It
 * always exits 0 (grep finding nothing is an empty view, not a failure).
 */
export function renderPersistReport(name: string, names: readonly string[]): string {
  const listing = `sysrc -ae 2>/dev/null | grep -E ${shQuote(laggBootVariablePattern(name))}`;
  const rest = names.filter((k) => !laggBootVariable(name, k));
  return rest.length ? `{ ${listing}; sysrc -e ${rest.map(shQuote).join(" ")} 2>/dev/null; } || :` : `{ ${listing}; } || :`;
}
