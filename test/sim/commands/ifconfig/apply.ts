// ifconfig_ioctl(): applies the words after the interface name, left to right, then the deferred
// clone creation and address changes.
import { AddressRequest, Family, familyOf } from "./address";
import { ADDRESS_KEYWORDS } from "./address-keywords";
import { BASIC_KEYWORDS } from "./basic-keywords";
import { CLONE_KEYWORDS, LIFECYCLE_KEYWORDS } from "./clone-keywords";
import type { IfconfigContext } from "./context";
import type { Keyword } from "./keyword-types";
import { LAGG_KEYWORDS } from "./lagg-keywords";

const TABLE = new Map<string, Keyword>();
const CLONE_TABLE = new Map<string, Keyword>();
for (const k of [...BASIC_KEYWORDS, ...ADDRESS_KEYWORDS, ...LAGG_KEYWORDS, ...LIFECYCLE_KEYWORDS]) TABLE.set(k.name, k);
for (const k of CLONE_KEYWORDS) CLONE_TABLE.set(k.name, k);

/** cmd_lookup(): clone operations while creating, everything else afterwards. */
function lookup(word: string, creating: boolean): Keyword | undefined {
  return creating ? CLONE_TABLE.get(word) : TABLE.get(word);
}

/**
 * Applies `words` to `ctx.ifname`. When `creating`, the create happens at the first word that is not
 * a clone parameter (an address family right after it switches the family), or at the end.
 */
export function applyWords(ctx: IfconfigContext, words: string[], creating: boolean, family: Family): void {
  ctx.family = family;
  ctx.addr = new AddressRequest(family);
  for (let i = 0; i < words.length; ) {
    const word = words[i];
    let keyword = lookup(word, creating);
    if (creating && !keyword) {
      const create = ctx.callbacks.shift();
      if (!create) ctx.io.errx(1, "internal error, no callback");
      create(ctx);
      creating = false;
      const af = familyOf(word);
      if (af) {
        i++;
        ctx.family = af;
        ctx.addr = new AddressRequest(af);
      }
      continue;
    }
    if (!keyword) {
      keyword = ctx.addr.setaddr
        ? { name: "ifdstaddr", takesArg: false, run: (c, w) => c.addr.setDestination(c.io, w) }
        : { name: "ifaddr", takesArg: false, run: (c, w) => c.addr.setAddress(c.io, w) };
    }
    if (keyword.takesArg) {
      if (i + 1 >= words.length) ctx.io.errx(1, `'${keyword.name}' requires argument`);
      keyword.run(ctx, words[i + 1]);
      i += 2;
    } else {
      keyword.run(ctx, word);
      i++;
    }
  }
  ctx.addr.postproc(ctx);
  for (const callback of ctx.callbacks.splice(0)) callback(ctx);
  ctx.addr.commit(ctx);
}
