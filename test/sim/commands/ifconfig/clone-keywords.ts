// ifclone.c (create/destroy), setifname, and iflagg.c's create-time laggtype.
import type { IfconfigContext } from "./context";
import { attempt, cmd, cmdArg, Keyword, orErr } from "./keyword-types";

/** ifclonecreate() -> ifcreate_ioctl(): SIOCIFCREATE2, then adopt the kernel's name. */
export function cloneCreate(ctx: IfconfigContext): void {
  let created = "";
  const error = attempt(() => (created = ctx.host.kernel.cloneCreate(ctx.ifname).name));
  if (error?.errno === "EEXIST") ctx.io.errx(1, `interface ${ctx.ifname} already exists`);
  if (error) ctx.io.errc(1, error.errno, `SIOCIFCREATE2 (${ctx.ifname})`);
  if (created !== ctx.ifname) {
    ctx.ifname = created;
    ctx.nameToPrint = created;
  }
}

function laggType(ctx: IfconfigContext, arg: string): void {
  if (arg !== "ethernet" && arg !== "infiniband") ctx.io.errx(1, `invalid lagg type: ${arg}`);
}

function destroy(ctx: IfconfigContext): void {
  orErr(ctx, "SIOCIFDESTROY", () => ctx.host.kernel.cloneDestroy(ctx.ifname));
}

function rename(ctx: IfconfigContext, newName: string): void {
  const error = attempt(() => ctx.host.kernel.rename(ctx.ifname, newName));
  if (error) ctx.io.errc(1, error.errno, "ioctl SIOCSIFNAME (set name)");
  ctx.ifname = newName;
  ctx.nameToPrint = newName;
}

/** Keywords valid only while creating (c_iscloneop). */
export const CLONE_KEYWORDS: Keyword[] = [
  { ...cmd("create", (ctx) => ctx.callbacks.unshift(cloneCreate)), clone: true },
  { ...cmd("plumb", (ctx) => ctx.callbacks.unshift(cloneCreate)), clone: true },
  { ...cmdArg("laggtype", laggType), clone: true },
];

/** destroy/unplumb and name. */
export const LIFECYCLE_KEYWORDS: Keyword[] = [
  cmd("destroy", destroy),
  cmd("unplumb", destroy),
  cmdArg("name", rename),
];
