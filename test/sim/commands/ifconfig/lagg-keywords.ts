// lagg_cmds[] of sbin/ifconfig/iflagg.c, with its exact messages and exit behaviour.
import { LAGG_OPT } from "../../kernel/bits";
import { strerror } from "../../kernel/errno";
import {
  LAGG_PROTO_NAMES, setLaggFlowidShift, setLaggHash, setLaggOption, setLaggProto, setLaggStride,
} from "../../kernel/lagg-config";
import { addLaggPort, removeLaggPort } from "../../kernel/lagg-ports";
import { cStrtol } from "../host";
import type { IfconfigContext } from "./context";
import { attempt, cmd, cmdArg, Keyword, orErr } from "./keyword-types";

/** Warn-and-continue: a failed port must not take down the whole lagg. EEXIST is silent. */
function setLaggPort(ctx: IfconfigContext, port: string): void {
  const error = attempt(() => addLaggPort(ctx.host.kernel, ctx.ifname, port));
  if (error && error.errno !== "EEXIST") {
    ctx.io.warnx(`${ctx.ifname} ${port}: SIOCSLAGGPORT: ${strerror(error.errno)}`);
    ctx.io.exitCode = 1;
  }
}

function setLaggHashFromText(ctx: IfconfigContext, text: string): void {
  let flags = 0;
  for (const token of text.split(",")) {
    const bit = { l2: 1, l3: 2, l4: 4 }[token];
    if (!bit) ctx.io.errx(1, `Invalid lagghash option: ${token}`);
    flags |= bit;
  }
  if (flags === 0) ctx.io.errx(1, "No lagghash options supplied");
  orErr(ctx, "SIOCSLAGGHASH", () => setLaggHash(ctx.host.kernel, ctx.ifname, flags));
}

/** strtoul(3) into a uint32_t, as ro_bkt is. */
function strtoulU32(text: string): number {
  return cStrtol(text) >>> 0;
}

function option(name: string, bit: number): Keyword[] {
  const run = (ctx: IfconfigContext, value: number) =>
    orErr(ctx, "SIOCSLAGGOPTS", () => setLaggOption(ctx.host.kernel, ctx.ifname, value));
  return [cmd(name, (ctx) => run(ctx, bit)), cmd(`-${name}`, (ctx) => run(ctx, -bit))];
}

/** The lagg keywords (registered for every interface, as in ifconfig). */
export const LAGG_KEYWORDS: Keyword[] = [
  cmdArg("laggport", (ctx, arg) => setLaggPort(ctx, arg)),
  cmdArg("-laggport", (ctx, arg) =>
    orErr(ctx, "SIOCSLAGGDELPORT", () => removeLaggPort(ctx.host.kernel, ctx.ifname, arg))),
  cmdArg("laggproto", (ctx, arg) => {
    const proto = Object.prototype.hasOwnProperty.call(LAGG_PROTO_NAMES, arg)
      ? LAGG_PROTO_NAMES[arg]
      : ctx.io.errx(1, `Invalid aggregation protocol: ${arg}`);
    orErr(ctx, "SIOCSLAGG", () => setLaggProto(ctx.host.kernel, ctx.ifname, proto));
  }),
  cmdArg("lagghash", (ctx, arg) => setLaggHashFromText(ctx, arg)),
  ...option("use_flowid", LAGG_OPT.USE_FLOWID),
  ...option("use_numa", LAGG_OPT.USE_NUMA),
  ...option("lacp_strict", LAGG_OPT.LACP_STRICT),
  ...option("lacp_txtest", LAGG_OPT.LACP_TXTEST),
  ...option("lacp_rxtest", LAGG_OPT.LACP_RXTEST),
  ...option("lacp_fast_timeout", LAGG_OPT.LACP_FAST_TIMO),
  cmdArg("flowid_shift", (ctx, arg) => {
    const shift = cStrtol(arg) | 0;
    if (shift & ~0x1f) ctx.io.errx(1, `Invalid flowid_shift option: ${arg}`);
    orErr(ctx, "SIOCSLAGGOPTS", () => setLaggFlowidShift(ctx.host.kernel, ctx.ifname, shift));
  }),
  cmdArg("rr_limit", (ctx, arg) => {
    const stride = strtoulU32(arg);
    if (stride === 0) ctx.io.errx(1, `Invalid round-robin stride: ${arg}`);
    orErr(ctx, "SIOCSLAGGOPTS", () => setLaggStride(ctx.host.kernel, ctx.ifname, stride));
  }),
];
