// basic_cmds[] of ifconfig.c plus the vlan/vxlan capability keywords, clone create/destroy,
// groups and media.
import { IFCAP, IFF } from "../../kernel/bits";
import { setCapabilities } from "../../kernel/caps";
import { addGroup, removeGroup, setDescription, setFlags, setMetric, setMtu } from "../../kernel/iface-ops";
import { cAtoi } from "../host";
import type { IfconfigContext } from "./context";
import { attempt, cmd, cmdArg, Keyword, orErr, orPerror } from "./keyword-types";

function flagCmd(name: string, value: number, set: boolean): Keyword {
  return cmd(name, (ctx, word) => {
    const kernel = ctx.host.kernel;
    orPerror(ctx, "ioctl (SIOCGIFFLAGS)", () => kernel.get(ctx.ifname));
    orPerror(ctx, word, () => setFlags(kernel, ctx.ifname, set ? value : 0, set ? 0 : value));
  });
}

function capCmd(name: string, value: number): Keyword[] {
  const run = (ctx: IfconfigContext, word: string, enable: boolean) => {
    const kernel = ctx.host.kernel;
    let iface = kernel.find(ctx.ifname);
    orPerror(ctx, "ioctl (SIOCGIFCAP)", () => (iface = kernel.get(ctx.ifname)));
    const cur = iface!.capenable;
    const wanted = ((enable ? cur | value : cur & ~value) & iface!.capabilities) >>> 0;
    if (wanted === cur) return;
    orPerror(ctx, word, () => setCapabilities(kernel, ctx.ifname, wanted));
  };
  return [cmd(name, (ctx, w) => run(ctx, w, true)), cmd(`-${name}`, (ctx, w) => run(ctx, w, false))];
}

const CAPS: [string, number][] = [
  ["mextpg", IFCAP.MEXTPG], ["rxcsum6", IFCAP.RXCSUM_IPV6], ["txcsum6", IFCAP.TXCSUM_IPV6],
  ["rxcsum", IFCAP.RXCSUM], ["txcsum", IFCAP.TXCSUM], ["netcons", IFCAP.NETCONS],
  ["polling", IFCAP.POLLING], ["tso6", IFCAP.TSO6], ["tso4", IFCAP.TSO4], ["tso", IFCAP.TSO4 | IFCAP.TSO6],
  ["toe", IFCAP.TOE4 | IFCAP.TOE6], ["lro", IFCAP.LRO], ["txtls", (IFCAP.TXTLS4 | IFCAP.TXTLS6) >>> 0],
  ["wol", IFCAP.WOL_UCAST | IFCAP.WOL_MCAST | IFCAP.WOL_MAGIC], ["wol_ucast", IFCAP.WOL_UCAST],
  ["wol_mcast", IFCAP.WOL_MCAST], ["wol_magic", IFCAP.WOL_MAGIC], ["txrtlmt", IFCAP.TXRTLMT],
  ["txtlsrtlmt", IFCAP.TXTLS_RTLMT], ["hwrxtstmp", IFCAP.HWRXTSTMP], ["vlanmtu", IFCAP.VLAN_MTU],
  ["vlanhwtag", IFCAP.VLAN_HWTAGGING], ["vlanhwfilter", IFCAP.VLAN_HWFILTER],
  ["vlanhwtso", IFCAP.VLAN_HWTSO], ["vlanhwcsum", IFCAP.VLAN_HWCSUM],
  ["vxlanhwcsum", IFCAP.VXLAN_HWCSUM], ["vxlanhwtso", IFCAP.VXLAN_HWTSO],
];

const FLAGS: [string, number, boolean][] = [
  ["up", IFF.UP, true], ["down", IFF.UP, false], ["arp", IFF.NOARP, false], ["-arp", IFF.NOARP, true],
  ["debug", IFF.DEBUG, true], ["-debug", IFF.DEBUG, false], ["promisc", IFF.PPROMISC, true],
  ["-promisc", IFF.PPROMISC, false], ["link0", IFF.LINK0, true], ["-link0", IFF.LINK0, false],
  ["link1", IFF.LINK1, true], ["-link1", IFF.LINK1, false], ["link2", IFF.LINK2, true],
  ["-link2", IFF.LINK2, false], ["monitor", IFF.MONITOR, true], ["-monitor", IFF.MONITOR, false],
  ["staticarp", IFF.STATICARP, true], ["-staticarp", IFF.STATICARP, false],
  ["stickyarp", IFF.STICKYARP, true], ["-stickyarp", IFF.STICKYARP, false],
  ["normal", IFF.LINK0, false], ["compress", IFF.LINK0, true], ["noicmp", IFF.LINK1, true],
];

function describe(ctx: IfconfigContext, text: string | undefined): void {
  orErr(ctx, "ioctl SIOCSIFDESCR (set descr)", () => setDescription(ctx.host.kernel, ctx.ifname, text));
}

function group(ctx: IfconfigContext, name: string, add: boolean): void {
  const fn = add ? "setifgroup" : "unsetifgroup";
  if (name !== "" && /[0-9]$/.test(name)) ctx.io.errx(1, `${fn}: group names may not end in a digit`);
  if (name.length >= 16) ctx.io.errx(1, `${fn}: group name too long`);
  const kernel = ctx.host.kernel;
  const error = attempt(() => (add ? addGroup : removeGroup)(kernel, ctx.ifname, name));
  if (error && error.errno !== (add ? "EEXIST" : "ENOENT")) ctx.io.errc(1, error.errno, add ? " SIOCAIFGROUP" : "SIOCDIFGROUP");
}

function media(ctx: IfconfigContext): void {
  const iface = ctx.host.kernel.find(ctx.ifname);
  if (!iface || iface.kind === "loop") ctx.io.errc(1, "EINVAL", `${ctx.ifname}: ifconfig_media_get_mediareq`);
}

/** The generic keywords. */
export const BASIC_KEYWORDS: Keyword[] = [
  ...FLAGS.map(([name, value, set]) => flagCmd(name, value, set)),
  ...CAPS.flatMap(([name, value]) => capCmd(name, value)),
  cmdArg("description", (ctx, arg) => describe(ctx, arg)),
  cmdArg("descr", (ctx, arg) => describe(ctx, arg)),
  cmd("-description", (ctx) => describe(ctx, undefined)),
  cmd("-descr", (ctx) => describe(ctx, undefined)),
  cmdArg("metric", (ctx, arg) =>
    orErr(ctx, "ioctl SIOCSIFMETRIC (set metric)", () => setMetric(ctx.host.kernel, ctx.ifname, cAtoi(arg)))),
  cmdArg("mtu", (ctx, arg) =>
    orErr(ctx, "ioctl SIOCSIFMTU (set mtu)", () => setMtu(ctx.host.kernel, ctx.ifname, cAtoi(arg)))),
  cmdArg("group", (ctx, arg) => group(ctx, arg, true)),
  cmdArg("-group", (ctx, arg) => group(ctx, arg, false)),
  ...["media", "mode", "mediaopt", "-mediaopt", "inst", "instance"].map((name) => cmdArg(name, (ctx) => media(ctx))),
];
