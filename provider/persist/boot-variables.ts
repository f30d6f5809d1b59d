// Which rc.conf variables boot applies to a lagg (libexec/rc/network.subr, FreeBSD 13/14), so that
// refresh sees everything boot would apply and an update can remove what the provider did not write.

/** network.subr's variable-name form of an interface name (`.-/+` become `_`: get_if_var's ltr). */
export const rcName = (ifname: string) => ifname.replace(/[.\-/+]/g, "_");

/**
 * The suffixes of `ifconfig_<IF>_*` that network.subr reads for the interface itself:
 * `_ipv6` (ifconfig_up), `_descr` (ifconfig_up), `_name` (ifnet_rename: renames it at boot),
 * `_aliases` and every `_alias<digit>...` (ifalias_af_common lists `ifconfig_IF_alias[0-9]*` with
 * list_vars and applies them all, gaps or not). Any other suffix names another interface: VLAN
 * `lagg0.100` is configured by `ifconfig_lagg0_100`, which is not the lagg's.
 */
const OWN_SUFFIX = /^(?:ipv6|descr|name|aliases|alias[0-9].*)$/;

/**
 * True when boot applies `varName` to the lagg `name`: `ifconfig_<v>` and its own suffixes (above),
 * and the older forms network.subr still honours: `ipv4_addrs_<v>` (ifalias_af_common),
 * `ipv6_ifconfig_<v>` and `ipv6_ifconfig_<v>_alias<N>` (ifconfig_up, ifalias_af_common),
 * `ipv6_prefix_<v>` (ipv6_prefix_hostid_addr_common: an EUI-64 address), `create_args_<v>`
 * (clone_up: words given to `ifconfig <v> create`). `cloned_interfaces` and the ports' variables
 * are compared separately; `vlans_<v>` configures other interfaces and is left alone.
 */
export function laggBootVariable(name: string, varName: string): boolean {
  const v = rcName(name);
  if (varName === `ifconfig_${v}`) return true;
  if (varName.startsWith(`ifconfig_${v}_`)) return OWN_SUFFIX.test(varName.slice(`ifconfig_${v}_`.length));
  if ([`ipv4_addrs_${v}`, `ipv6_ifconfig_${v}`, `ipv6_prefix_${v}`, `create_args_${v}`].includes(varName)) return true;
  return varName.startsWith(`ipv6_ifconfig_${v}_alias`) && /^[0-9]/.test(varName.slice(`ipv6_ifconfig_${v}_alias`.length));
}

/**
 * The variable-name prefixes a host must list (every rc.conf variable whose name starts with one of
 * them, `sysrc -ae` format `name="value"`) for laggBootVariable to see everything boot applies to
 * the lagg: filter the lines with it. `cloned_interfaces` and `ifconfig_<port>` are read by name.
 */
export function laggBootVariablePrefixes(name: string): string[] {
  const v = rcName(name);
  return [`ifconfig_${v}`, `ipv4_addrs_${v}`, `ipv6_ifconfig_${v}`, `ipv6_prefix_${v}`, `create_args_${v}`];
}
