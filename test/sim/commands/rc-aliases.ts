// Which ifconfig_IF_aliasN variables boot applies, and in what order: ifalias_af_common in
// libexec/rc/network.subr (freebsd-src main and the releng/14 copy in sobomax/freebsd14_vendor) walks
// `list_vars ifconfig_${_vif}_alias[0-9]\* | sort_lite -nk1.$((9+${#_vif}+7))`: every variable that is set,
// ordered by the number after "alias" (a numeric key, so alias2 comes before alias10), gaps or not.

/** The set ifconfig_<vif>_aliasN variables, in the order boot applies them. */
export function aliasVariables(vars: ReadonlyMap<string, string>, vif: string): string[] {
  const prefix = `ifconfig_${vif}_alias`;
  // list_vars' pattern is `..._alias[0-9]*`: a digit, then anything.
  const names = [...vars.keys()].filter((name) => name.startsWith(prefix) && /^[0-9]/.test(name.slice(prefix.length)));
  // sort -n on the key from the digit on: the leading number (no digits at all would be 0); ties keep
  // sort's whole-line fallback order.
  const key = (name: string): number => Number(name.slice(prefix.length).match(/^[0-9]+/)?.[0] ?? 0);
  return names.sort((a, b) => key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** What ifalias_af_common does with one alias value while collecting addresses of family `af`. */
export type AliasVerdict = "use" | "add-inet" | "skip" | "stop";

/**
 * The `case ${_af}:${_action}:${_iaf}:"${ifconfig_args}"` of ifalias_af_common: a value starting with
 * `<af> ` is used; an empty value stops the walk; a value with no family keyword is taken as inet (with a
 * warning) only when adding IPv4 aliases; anything else is skipped.
 */
export function classifyAlias(value: string, af: string, action: string): AliasVerdict {
  const family = value.match(/^(inet|inet6|link|ether) /)?.[1] ?? "";
  if (family === af) return "use";
  if (family === "" && value === "") return "stop";
  if (family === "" && af === "inet" && action === "alias") return "add-inet";
  return "skip";
}
