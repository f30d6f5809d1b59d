// rc.d/netif and the parts of network.subr it uses: what boot and `service netif` do with rc.conf.
import type { CommandHost } from "./host";
import { shellWords } from "./shell-words";

const PSEUDO_ARGS = /^(dhcp|noauto|nosyncdhcp|syncdhcp|wpa|hostap)$/i;
const WARN = "/etc/rc.d/netif: WARNING: ";

/** Runs network.subr functions against a machine, collecting console output. */
export class RcNetwork {
  stdout = "";
  stderr = "";

  constructor(private readonly host: CommandHost) {}

  private rcvar(name: string): string {
    return this.host.rc.get(name) ?? "";
  }

  private yes(name: string): boolean {
    return /^(yes|true|on|1)$/i.test(this.rcvar(name));
  }

  /** get_if_var: `.-/+` in the interface name become `_`. */
  private ifVar(ifn: string, prefix: string, suffix = ""): string {
    return this.rcvar(`${prefix}${ifn.replace(/[.\-/+]/g, "_")}${suffix}`);
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

  private rawArgs(ifn: string, af = ""): string[] {
    const value = this.ifVar(ifn, "ifconfig_", af ? `_${af}` : "");
    return shellWords(value || this.rcvar("ifconfig_DEFAULT"));
  }

  /** ifconfig_getargs: the words minus DHCP/NOAUTO/WPA/... */
  private ifconfigArgs(ifn: string, af = ""): string[] {
    return this.rawArgs(ifn, af).filter((w) => !PSEUDO_ARGS.test(w));
  }

  private dhcpif(ifn: string): boolean {
    if (/^(lo|stf|lp|sl)[0-9]/.test(ifn)) return false;
    return this.rawArgs(ifn).some((w) => /^(dhcp|nosyncdhcp|syncdhcp)$/i.test(w));
  }

  private ipv6if(ifn: string): boolean {
    if (ifn === "lo0") return true;
    const list = this.rcvar("ipv6_network_interfaces");
    if (!/^auto$/i.test(list) && !list.split(/\s+/).includes(ifn)) return false;
    return this.ifVar(ifn, "ifconfig_", "_ipv6") !== "";
  }

  /** ifalias: ifconfig_IF_aliasN for one family, N = 0, 1, ... until the first gap. */
  private ifalias(ifn: string, af: "inet" | "inet6", action: "alias" | "-alias"): boolean {
    let done = false;
    for (let n = 0; ; n++) {
      const words = shellWords(this.ifVar(ifn, "ifconfig_", `_alias${n}`));
      if (words.length === 0) break;
      const family = words[0] === "inet" || words[0] === "inet6" ? words[0] : /^[0-9]/.test(words[0]) ? "inet" : "";
      if (family !== af) continue;
      const rest = words[0] === af ? words.slice(1) : words;
      this.ifconfig([ifn, af, ...rest, action]);
      done = true;
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
    const descr = this.ifVar(ifn, "ifconfig_", "_descr");
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
    if (ifn === "lo0" && !this.ifVar(ifn, "ifconfig_")) this.ifconfig(["lo0", "inet", "127.0.0.1/8", "alias"]);
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
      .filter(({ ifn }) => this.ifconfig([ifn, "create", ...shellWords(this.ifVar(ifn, "create_args_"))]));
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
      const name = this.ifVar(ifn, "ifconfig_", "_name");
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
