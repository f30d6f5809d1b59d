// ifconfig(8) of FreeBSD 14: option parsing and dispatch (main() of sbin/ifconfig/ifconfig.c).
import type { FormatOptions } from "../kernel/format-interface";
import { getopt } from "./argv";
import type { SimCommand } from "./host";
import { AddressRequest, Family, familyOf } from "./ifconfig/address";
import { applyWords } from "./ifconfig/apply";
import type { IfconfigContext } from "./ifconfig/context";
import { listInterfaces, ListRequest, printGroup } from "./ifconfig/list";
import { CommandExit, CommandIo, runCommand } from "./io";

const IFNAMSIZ = 16;
const USAGE_OPTS = "[-L] [-g groupname] ";

function usage(io: CommandIo): never {
  io.err(
    `usage: ifconfig [-j jail] [-f type:format] ${USAGE_OPTS}interface address_family\n` +
      "                [address [dest_address]] [parameters]\n" +
      "       ifconfig [-j jail] interface create\n" +
      `       ifconfig [-j jail] -a ${USAGE_OPTS}[-d] [-m] [-u] [-v] [address_family]\n` +
      "       ifconfig [-j jail] -l [-d] [-u] [address_family]\n" +
      `       ifconfig [-j jail] ${USAGE_OPTS}[-d] [-m] [-u] [-v]\n`,
  );
  throw new CommandExit(1);
}

/** setformat(): -f / IFCONFIG_FORMAT "inet:cidr,inet6:cidr". */
function setFormat(io: CommandIo, spec: string, format: FormatOptions): void {
  for (const category of spec.split(",")) {
    const [name, modifier] = category.split(/:(.*)/s);
    if (!modifier) {
      io.warnx(`Skipping invalid format specification: ${category}\n`);
      continue;
    }
    if (name === "inet" && ["cidr", "dotted", "hex"].includes(modifier)) format.inetFormat = modifier as "cidr";
    if (name === "inet6" && modifier === "cidr") format.inet6Format = "cidr";
  }
}

function main(ctx: IfconfigContext, argv: string[], env: Record<string, string>): void {
  const { io, host } = ctx;
  const format: FormatOptions = {};
  if (env.IFCONFIG_FORMAT !== undefined) setFormat(io, env.IFCONFIG_FORMAT, format);
  const list: ListRequest = { namesOnly: false, upOnly: false, downOnly: false, format };
  let all = false;
  const parsed = getopt(argv, "G:adDf:j:klmnuvg:L", io, () => usage(io));
  for (const { flag, arg } of parsed.options) {
    if (flag === "a") all = true;
    else if (flag === "d") list.downOnly = true;
    else if (flag === "f") setFormat(io, arg!, format);
    else if (flag === "G") {
      if (!all) usage(io);
      list.noGroup = arg;
    } else if (flag === "j") io.errx(1, "jail not found");
    else if (flag === "l") list.namesOnly = true;
    else if (flag === "m") format.supportedMedia = true;
    else if (flag === "u") list.upOnly = true;
    else if (flag === "v") format.verbose = true;
    else if (flag === "g") {
      if (!all) {
        printGroup(host.kernel, io, arg!);
        throw new CommandExit(io.exitCode);
      }
      list.matchGroup = arg;
    }
  }
  let operands = parsed.operands;
  if (list.namesOnly && (all || format.supportedMedia)) usage(io);
  if (list.upOnly && list.downOnly) usage(io);
  if (!list.namesOnly && operands.length < 1) all = true;
  if (all || list.namesOnly) {
    if (operands.length > 1) usage(io);
    if (operands.length === 1) {
      list.family = familyOf(operands[0]);
      if (!list.family) {
        io.warnx(`Address family '${operands[0]}' unknown.`);
        usage(io);
      }
    }
    listInterfaces(host.kernel, io, list);
    return;
  }
  ctx.ifname = operands[0];
  operands = operands.slice(1);
  const isCreate = operands[0] === "create" || operands[0] === "plumb";
  if (!host.kernel.find(ctx.ifname)) {
    if (!isCreate) io.errx(1, `interface ${ctx.ifname} does not exist`);
    if (ctx.ifname.length >= IFNAMSIZ) io.errx(1, `${ctx.ifname}: cloning name too long`);
    applyWords(ctx, operands, true, "inet");
    return;
  }
  if (isCreate) {
    if (operands.length === 1) io.errx(1, `interface ${ctx.ifname} already exists`);
    operands = operands.slice(1);
  }
  const family: Family | undefined = familyOf(operands[0]);
  if (family) operands = operands.slice(1);
  if (operands.length > 0) {
    applyWords(ctx, operands, false, family ?? "inet");
    return;
  }
  listInterfaces(host.kernel, io, { ...list, ifname: ctx.ifname, family });
}

/** The ifconfig command. */
export const ifconfig: SimCommand = (host, call) => {
  const io = new CommandIo("ifconfig");
  const ctx: IfconfigContext = { host, io, ifname: "", family: "inet", addr: new AddressRequest("inet"), callbacks: [] };
  // printifnamemaybe() runs at exit, even after an error.
  return runCommand(io, () => main(ctx, call.argv, call.env), () => {
    if (ctx.nameToPrint) io.out(`${ctx.nameToPrint}\n`);
  });
};
