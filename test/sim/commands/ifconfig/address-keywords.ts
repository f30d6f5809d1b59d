// Address keywords (ifconfig.c notealias/netmask/broadcast) and af_inet6.c's inet6/nd6 keywords.
import { ND6 } from "../../kernel/bits";
import { setNd6Flags } from "../../kernel/iface-ops";
import { isLinkLocal } from "../../kernel/ipv6";
import type { IfconfigContext } from "./context";
import { attempt, cmd, cmdArg, Keyword } from "./keyword-types";

const IN6_IFF = { ANYCAST: 0x01, TENTATIVE: 0x02, DEPRECATED: 0x10, AUTOCONF: 0x40, PREFER_SOURCE: 0x100 };

function nd6(name: string, flag: number): Keyword[] {
  const run = (ctx: IfconfigContext, set: boolean) => {
    const error = attempt(() => setNd6Flags(ctx.host.kernel, ctx.ifname, set ? flag : 0, set ? 0 : flag));
    if (error) ctx.io.warnc(error.errno, "ioctl(SIOCSIFINFO_IN6)");
  };
  return [cmd(name, (ctx) => run(ctx, true)), cmd(`-${name}`, (ctx) => run(ctx, false))];
}

function ip6flag(name: string, flag: number, negatable: boolean): Keyword[] {
  const on = cmd(name, (ctx) => ctx.addr.setIp6Flag(ctx.io, flag));
  return negatable ? [on, cmd(`-${name}`, (ctx) => ctx.addr.setIp6Flag(ctx.io, -flag))] : [on];
}

function lifetime(name: string): Keyword {
  return cmdArg(name, (ctx, arg) => {
    if (!/^\s*[+-]?(0[xX][0-9a-fA-F]+|\d+)/.test(arg)) ctx.io.errx(1, `invalid ${name}`);
    if (ctx.family !== "inet6") ctx.io.errx(1, `${name} not allowed for the AF`);
  });
}

/** eui64: copies the interface id of the link-local address into the address being set. */
function eui64(ctx: IfconfigContext): void {
  if (ctx.family !== "inet6") ctx.io.errx(1, "eui64 not allowed for the AF");
  const ll = ctx.host.kernel.find(ctx.ifname)?.inet6.find((a) => isLinkLocal(a.words));
  if (!ll) ctx.io.errx(1, "could not determine link local address");
  ctx.addr.fillInterfaceId(ctx.io, ll.words.slice(4));
}

/** Address and IPv6 keywords. */
export const ADDRESS_KEYWORDS: Keyword[] = [
  ...["add", "alias"].map((name) => cmd(name, (ctx) => ctx.addr.noteAlias(1))),
  ...["-alias", "delete", "remove"].map((name) => cmd(name, (ctx) => ctx.addr.noteAlias(-1))),
  cmdArg("netmask", (ctx, arg) => ctx.addr.setNetmask(ctx.io, arg)),
  cmdArg("broadcast", (ctx, arg) => ctx.addr.setBroadcast(ctx.io, arg)),
  cmdArg("prefixlen", (ctx, arg) => ctx.addr.setPrefixLength(ctx.io, arg)),
  ...ip6flag("anycast", IN6_IFF.ANYCAST, false),
  ...ip6flag("tentative", IN6_IFF.TENTATIVE, true),
  ...ip6flag("deprecated", IN6_IFF.DEPRECATED, true),
  ...ip6flag("autoconf", IN6_IFF.AUTOCONF, true),
  ...ip6flag("prefer_source", IN6_IFF.PREFER_SOURCE, true),
  ...nd6("accept_rtadv", ND6.ACCEPT_RTADV),
  ...nd6("no_radr", ND6.NO_RADR),
  ...nd6("ifdisabled", ND6.IFDISABLED),
  ...nd6("nud", ND6.PERFORMNUD),
  ...nd6("auto_linklocal", ND6.AUTO_LINKLOCAL),
  ...nd6("no_prefer_iface", ND6.NO_PREFER_IFACE),
  ...nd6("no_dad", ND6.NO_DAD),
  cmd("defaultif", () => undefined),
  cmd("-defaultif", () => undefined),
  lifetime("pltime"),
  lifetime("vltime"),
  cmd("eui64", (ctx) => eui64(ctx)),
];
