// rc.d/netif and the parts of network.subr it uses: what boot and `service netif` do with rc.conf.
// Source: libexec/rc/network.subr (freebsd-src; the releng/14 copy read in sobomax/freebsd14_vendor).
import { evalEcho, expandUnquoted, expanderAt, NO_FILES, type PathnameExpander } from "./eval-echo";
import type { CommandHost } from "./host";
import { aliasVariables, classifyAlias } from "./rc-aliases";
import { shellWords } from "./shell-words";

const PSEUDO_ARGS = /^(dhcp|noauto|nosyncdhcp|syncdhcp|wpa|hostap)$/i;
const WARN = "/etc/rc.d/netif: WARNING: ";

/** Runs network.subr functions against a machine, collecting console output. */
export class RcNetwork {
  stdout = "";
  stderr = "";

  /** Pathname expansion against the host's root directory (rc runs with cwd /). */
  private readonly expand: PathnameExpander;

  constructor(private readonly host: CommandHost) {
    this.expand = host.rootDir ? expanderAt(host.rootDir) : NO_FILES;
  }

  private rcvar(name: string): string {
    return this.host.rc.get(name) ?? "";
  }

  private yes(name: string): boolean {
    return /^(yes|true|on|1)$/i.test(this.rcvar(name));
  }

  /** get_if_var: the value after `eval echo` (blanks collapse, globs expand against /). */
  private getIfVar(ifn: string, prefix: string, suffix = "", fallback = ""): string {
    const name = `${prefix}${ifn.replace(/[.\-/+]/g, "_")}${suffix}`;
    return evalEcho(this.host.rc.get(name) ?? fallback, this.expand);
  }

  private ifconfig(args: string[]): boolean {
    const result = this.host.exec("ifconfig", args);
    this.stdout += result.stdout;
    this.stderr += result.stderr;
    return result.exitCode === 0;
  }

  private exists(ifn: string): boolean {
    return this.host.kernel.find(ifn) !== undefined;
  }

  /** `for _arg in $_tmpargs` over _ifconfig_getargs (get_if_var ifconfig_IF[_af] "$ifconfig_DEFAULT"). */
  private rawArgs(ifn: string, af = ""): string[] {
    const value = this.getIfVar(ifn, "ifconfig_", af ? `_${af}` : "", this.rcvar("ifconfig_DEFAULT"));
    return expandUnquoted(value, this.expand);
  }

  /**
   * ifconfig_getargs (the words minus DHCP/NOAUTO/WPA/..., then `echo $_args`) as ifconfig_up hands them to
   * `eval ${IFCONFIG_CMD} $1 ${ifconfig_args}`: expanded unquoted once more, then parsed by eval (quotes and
   * backslashes are removed there; `$`, `;` and the like are not modelled).
   */
  private ifconfigArgs(ifn: string, af = ""): string[] {
    const echoed = evalEcho(this.rawArgs(ifn, af).filter((w) => !PSEUDO_ARGS.test(w)).join(" "), this.expand);
    return shellWords(expandUnquoted(echoed, this.expand).join(" "));
  }

  private dhcpif(ifn: string): boolean {
    if (/^(lo|stf|lp|sl)[0-9]/.test(ifn)) return false;
    return this.rawArgs(ifn).some((w) => /^(dhcp|nosyncdhcp|syncdhcp)$/i.test(w));
  }

  private ipv6if(ifn: string): boolean {
    if (ifn === "lo0") return true;
    const list = this.rcvar("ipv6_network_interfaces");
    if (!/^auto$/i.test(list) && !list.split(/\s+/).includes(ifn)) return false;
    return this.getIfVar(ifn, "ifconfig_", "_ipv6", this.rcvar("ifconfig_DEFAULT")) !== "";
  }

  /**
   * ifalias_af_common: every set ifconfig_IF_aliasN (list_vars, ordered by N numerically: `sort_lite -nk1.M`),
   * gaps or not; a value of the other family is skipped, an empty one stops the walk; a family-less value counts
   * as inet (with rc's warning) when adding IPv4 aliases. The collected words are expanded unquoted (split and
   * globbed), cut at each family keyword, and each group runs `ifconfig IF <group> <action>`. Address ranges
   * (`10.0.0.1-5`) are not modelled.
   */
  private ifalias(ifn: string, af: "inet" | "inet6", action: "alias" | "-alias"): boolean {
    const vif = ifn.replace(/[.\-/+]/g, "_");
    const collected: string[] = [];
    for (const name of aliasVariables(this.host.rc.toMap(), vif)) {
      const value = this.rcvar(name);
      const verdict = classifyAlias(value, af, action);
      if (verdict === "stop") break;
      if (verdict === "skip") continue;
      if (verdict === "add-inet") {
        this.stderr += `${WARN}$${name} needs leading "inet" keyword for an IPv4 address.\n`;
        collected.push("inet");
      }
      collected.push(value);
    }
    const words = [...expandUnquoted(this.getIfVar(ifn, "ifconfig_", "_aliases"), this.expand),
      ...expandUnquoted(collected.join(" "), this.expand)];
    const groups: string[][] = [];
    for (const word of words) {
      if (/^(inet|inet6|link|ether)$/.test(word)) groups.push([word]);
      else if (groups.length) groups[groups.length - 1].push(word);
    }
    let done = false;
    for (const group of groups) {
      if (group[0] !== af || group.length < 2) continue;
      // ifalias_af_common_handler runs through eval: quotes in the words are parsed there.
      if (this.ifconfig([ifn, ...shellWords(group.join(" ")), action])) done = true;
    }
    return done;
  }

  /** ifconfig_up: ifconfig_IF, ifconfig_IF_ipv6, the description, then `up` if anything was set. */
  private ifconfigUp(ifn: string): boolean {
    let cfg = ifn === "lo0";
    if (this.yes("ipv6_activate_all_interfaces")) this.ifconfig([ifn, "inet6", "-ifdisabled"]);
    const args = this.ifconfigArgs(ifn);
    if (args.length) {
      this.ifconfig([ifn, ...args]);
      cfg = true;
    }
    let v6 = this.ifconfigArgs(ifn, "ipv6");
    if (v6.length) {
      if (/^(:|[0-9a-fA-F]*:)/.test(v6[0])) {
        this.stderr += `${WARN}$ifconfig_${ifn}_ipv6 needs leading "inet6" keyword for an IPv6 address.\n`;
        v6 = ["inet6", ...v6];
      }
      this.ifconfig([ifn, "inet6", "-ifdisabled"]);
      this.ifconfig([ifn, ...v6]);
      cfg = true;
    }
    // `${IFCONFIG_CMD} $1 description "${_ifconfig_descr}"`: one word, but already through get_if_var's eval echo.
    const descr = this.getIfVar(ifn, "ifconfig_", "_descr");
    if (descr) this.ifconfig([ifn, "description", descr]);
    if (cfg) this.ifconfig([ifn, "up"]);
    if (this.dhcpif(ifn)) {
      if (!cfg) this.ifconfig([ifn, "up"]);
      const lease = this.host.exec("dhclient", [ifn]);
      this.stdout += lease.stdout;
      this.stderr += lease.stderr;
      cfg = true;
    }
    return cfg;
  }

  /** ifn_start. */
  ifnStart(ifn: string): boolean {
    let cfg = this.ifconfigUp(ifn);
    if (ifn === "lo0" && !this.getIfVar(ifn, "ifconfig_")) this.ifconfig(["lo0", "inet", "127.0.0.1/8", "alias"]);
    if (this.ifalias(ifn, "inet", "alias")) cfg = true;
    if (this.ipv6if(ifn) && this.ifalias(ifn, "inet6", "alias")) cfg = true;
    return cfg;
  }

  /** ifn_stop: drop the aliases and every remaining address, then `down`. */
  ifnStop(ifn: string): boolean {
    if (this.ipv6if(ifn)) {
      this.ifalias(ifn, "inet6", "-alias");
      for (const words of this.addressesOf(ifn, "inet6")) this.ifconfig([ifn, "inet6", words, "-alias"]);
    }
    this.ifalias(ifn, "inet", "-alias");
    for (const address of this.addressesOf(ifn, "inet")) this.ifconfig([ifn, "inet", address, "delete"]);
    if (this.exists(ifn)) this.ifconfig([ifn, "down"]);
    return true;
  }

  private addressesOf(ifn: string, family: "inet" | "inet6"): string[] {
    const result = this.host.exec("ifconfig", [ifn]);
    const re = family === "inet" ? /^\tinet (\d+\.\d+\.\d+\.\d+)/ : /^\tinet6 ([0-9a-f:]*)/;
    return result.stdout.split("\n").map((l) => l.match(re)?.[1]).filter((a): a is string => !!a);
  }

  private clonedInterfaces(): { ifn: string; sticky: boolean }[] {
    const stickyAll = this.yes("cloned_interfaces_sticky");
    return this.rcvar("cloned_interfaces").split(/\s+/).filter(Boolean).map((entry) => {
      const [ifn, opt] = entry.split(":");
      return { ifn, sticky: opt === "sticky" || (stickyAll && opt !== "nosticky") };
    });
  }

  /** clone_up: `ifconfig IF create` for cloned_interfaces (limited to `only` when given). */
  cloneUp(only: string[]): void {
    const made = this.clonedInterfaces()
      .filter(({ ifn }) => only.length === 0 || only.includes(ifn))
      .filter(({ ifn }) => this.ifconfig([ifn, "create", ...expandUnquoted(this.getIfVar(ifn, "create_args_"), this.expand)]));
    if (made.length) this.stdout += `Created clone interfaces: ${made.map((c) => c.ifn).join(" ")}.\n`;
  }

  /** clone_down: destroys non-sticky cloned interfaces. */
  cloneDown(only: string[]): void {
    const gone = this.clonedInterfaces()
      .filter(({ ifn, sticky }) => !sticky && (only.length === 0 || only.includes(ifn)))
      .filter(({ ifn }) => this.ifconfig(["-n", ifn, "destroy"]));
    if (gone.length) this.stdout += `Destroyed clone interfaces: ${gone.map((c) => c.ifn).join(" ")}.\n`;
  }

  /** list_net_interfaces with network_interfaces=auto: lo0 first, then `ifconfig -l` order. */
  private listNetInterfaces(): string[] {
    const configured = this.rcvar("network_interfaces");
    const names = /^auto$/i.test(configured) ? this.host.kernel.list().map((i) => i.name) : configured.split(/\s+/);
    const auto = names.filter((n) => n && !this.rawArgs(n).some((w) => /^noauto$/i.test(w)));
    return [...auto.filter((n) => n === "lo0"), ...auto.filter((n) => n !== "lo0")];
  }

  private common(start: boolean, only: string[]): void {
    const ok: string[] = [];
    for (const ifn of only.length ? only : this.listNetInterfaces()) {
      if (!start && !this.exists(ifn)) {
        this.stderr += `${WARN}${ifn} does not exist.  Skipped.\n`;
        continue;
      }
      if (start ? this.ifnStart(ifn) : this.ifnStop(ifn)) ok.push(ifn);
    }
    if (!ok.length) return;
    this.stdout += `${start ? "Starting" : "Stopping"} Network: ${ok.join(" ")}.\n`;
    if (start) for (const ifn of ok) this.stdout += this.host.exec("ifconfig", [ifn]).stdout;
  }

  /** ifnet_rename: `ifconfig IF name NEW` for ifconfig_IF_name. */
  private rename(only: string[]): void {
    for (const ifn of only.length ? only : this.host.kernel.list().map((i) => i.name)) {
      const name = this.getIfVar(ifn, "ifconfig_", "_name");
      if (name) this.ifconfig([ifn, "name", name]);
    }
  }

  /** netif_start: clones, renames, then every (or the given) interface. */
  start(only: string[] = []): void {
    this.cloneUp(only);
    this.rename(only);
    this.common(true, only);
  }

  /** netif_stop: deconfigure, then destroy clones. */
  stop(only: string[] = []): void {
    this.common(false, only);
    this.cloneDown(only);
  }
}
