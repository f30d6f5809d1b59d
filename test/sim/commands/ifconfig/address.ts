// The address part of one ifconfig run (setifaddr/notealias/netmask/prefixlen and the deferred
// SIOCDIFADDR/SIOCAIFADDR at the end), for inet, inet6 and link.
import { addInet, addInet6, deleteInet, deleteInet6 } from "../../kernel/addresses";
import { IFF } from "../../kernel/bits";
import { KernelError } from "../../kernel/errno";
import { setLinkAddress } from "../../kernel/iface-ops";
import { bitCount, classfulPrefix } from "../../kernel/ipv4";
import type { Ipv6Words } from "../../kernel/ipv6";
import { effectiveFlags } from "../../kernel/lagg-view";
import { Mac, parseMac } from "../../kernel/mac";
import type { CommandIo } from "../io";
import { Family, inet6GetIp, inetGetIp, randomMac, widthError } from "./address-parse";
import { IfconfigContext, perror } from "./context";

export { familyOf, type Family } from "./address-parse";

/** The per-run address state (ifconfig.c globals setaddr/setmask/doalias/clearaddr/newaddr). */
export class AddressRequest {
  setaddr = 0;
  setmask = 0;
  doalias = 0;
  clearaddr = false;
  newaddr = true;
  private explicitPrefix = false;
  private add4?: number;
  private plen4?: number;
  private brd4?: number;
  private del4?: number;
  private add6?: Ipv6Words;
  private plen6 = 128;
  private del6?: Ipv6Words;
  private flags6 = 0;
  private lladdr?: Mac | null;

  constructor(readonly family: Family) {}

  /** setifaddr(): the first bare word that is not a keyword. */
  setAddress(io: CommandIo, text: string): void {
    this.setaddr++;
    if (this.doalias === 0 && this.family !== "link") this.clearaddr = true;
    this.getaddr(io, text, this.doalias >= 0 ? "ADDR" : "RIDADDR");
  }

  /** setifdstaddr(): a second address word (the p2p destination; unused on Ethernet). */
  setDestination(io: CommandIo, text: string): void {
    this.getaddr(io, text, "DSTADDR");
  }

  /** notealias(): `alias`/`add` (+1) or `-alias`/`delete`/`remove` (-1). */
  noteAlias(param: 1 | -1): void {
    if (this.setaddr && this.doalias === 0 && param < 0) {
      this.del4 = this.add4;
      this.del6 = this.add6;
    }
    this.doalias = param;
    this.clearaddr = param < 0;
    if (param < 0) this.newaddr = false;
  }

  setNetmask(io: CommandIo, text: string): void {
    this.setmask++;
    this.getaddr(io, text, "MASK");
  }

  setBroadcast(io: CommandIo, text: string): void {
    this.getaddr(io, text, "BRDADDR");
  }

  /** `prefixlen N` (inet6). */
  setPrefixLength(io: CommandIo, text: string): void {
    const plen = parseInt(text, 10) || 0;
    if (plen < 0 || plen > 128) io.errx(1, `${text}: bad value`);
    this.plen6 = plen;
    this.explicitPrefix = true;
  }

  /** IN6_IFF_* flag keywords (anycast, autoconf, ...). */
  setIp6Flag(io: CommandIo, flag: number): void {
    if (this.family !== "inet6") io.errx(1, "address flags can be set only for inet6 addresses: No error: 0");
    this.flags6 = flag < 0 ? this.flags6 & ~-flag : this.flags6 | flag;
  }

  /** eui64: the low 64 bits of the address being set come from the link-local address. */
  fillInterfaceId(io: CommandIo, interfaceId: number[]): void {
    if (!this.add6) this.add6 = [0, 0, 0, 0, 0, 0, 0, 0];
    if (this.add6.slice(4).some((w) => w !== 0)) io.errx(1, "interface index is already filled");
    this.add6 = [...this.add6.slice(0, 4), ...interfaceId];
  }

  private getaddr(io: CommandIo, text: string, which: "ADDR" | "RIDADDR" | "MASK" | "DSTADDR" | "BRDADDR"): void {
    if (this.family === "link") {
      if (which !== "ADDR") io.errx(1, "can't set link-level netmask or broadcast");
      this.lladdr = text === "random" ? randomMac() : parseMac(text);
      return;
    }
    if (this.family === "inet6") {
      if (which === "MASK" || which === "BRDADDR") return;
      let host = text;
      const slash = text.lastIndexOf("/");
      if (which === "ADDR" && slash >= 0) {
        host = text.slice(0, slash);
        const plen = parseInt(text.slice(slash + 1), 10) || 0;
        if (plen < 0 || plen > 128) io.errx(1, `${text.slice(slash + 1)}: bad value`);
        this.plen6 = plen;
        this.explicitPrefix = true;
      } else if (which === "ADDR") {
        this.plen6 = 128;
      }
      const words = inet6GetIp(io, host);
      if (which === "ADDR") this.add6 = words;
      else if (which === "RIDADDR") this.del6 = words;
      return;
    }
    if (which === "MASK") {
      this.plen4 = bitCount(inetGetIp(io, text));
      return;
    }
    let host = text;
    const slash = text.lastIndexOf("/");
    if (which === "ADDR" && slash >= 0) {
      host = text.slice(0, slash);
      const error = widthError(text.slice(slash + 1));
      if (error) io.errx(1, `${text}: bad value (width ${error})`);
      this.plen4 = Number(text.slice(slash + 1));
    }
    const ip = inetGetIp(io, host);
    if (which === "ADDR") this.add4 = ip;
    else if (which === "RIDADDR") this.del4 = ip;
    else if (which === "BRDADDR") this.brd4 = ip;
  }

  /** af_postproc(): the classful default (with a warning) for inet, /64 for inet6. */
  postproc(ctx: IfconfigContext): void {
    if (this.family === "inet" && this.add4 !== undefined && this.plen4 === undefined && this.newaddr) {
      const iface = ctx.host.kernel.find(ctx.ifname);
      const flags = iface ? effectiveFlags(iface) : 0;
      if (!(flags & (IFF.POINTOPOINT | IFF.LOOPBACK))) {
        ctx.io.warnx("WARNING: setting interface address without mask is deprecated,\ndefault mask may not be correct.");
      }
      this.plen4 = classfulPrefix(this.add4);
    }
    if (this.family === "inet6" && !this.explicitPrefix) this.plen6 = 64;
  }

  /** The deferred delete (clearaddr) and add (newaddr) ioctls. */
  commit(ctx: IfconfigContext): void {
    if (this.clearaddr) this.attempt(ctx, "ioctl (SIOCDIFADDR)", () => this.remove(ctx), true);
    if (this.newaddr && (this.setaddr || this.setmask)) this.attempt(ctx, "ioctl (SIOCAIFADDR)", () => this.add(ctx), false);
  }

  private attempt(ctx: IfconfigContext, label: string, op: () => void, deleting: boolean): void {
    try {
      op();
    } catch (error) {
      if (!(error instanceof KernelError)) throw error;
      // "means no previous address for interface"
      if (deleting && error.errno === "EADDRNOTAVAIL" && this.doalias >= 0) return;
      perror(ctx, label, error);
    }
  }

  private remove(ctx: IfconfigContext): void {
    const { kernel } = ctx.host;
    if (this.family === "inet") deleteInet(kernel, ctx.ifname, this.del4);
    else if (this.family === "inet6") {
      // the netlink ifconfig deletes with the add request (af_ridreq = &in6_add)
      const words = this.add6 ?? this.del6;
      if (!words) throw new KernelError("EADDRNOTAVAIL", "no address");
      deleteInet6(kernel, ctx.ifname, words);
    }
  }

  private add(ctx: IfconfigContext): void {
    const { kernel } = ctx.host;
    if (this.family === "link") {
      if (!this.lladdr) throw new KernelError("EINVAL", "malformed link-level address");
      setLinkAddress(kernel, ctx.ifname, this.lladdr);
    } else if (this.family === "inet6") {
      if (!this.add6) throw new KernelError("EINVAL", "no address");
      addInet6(kernel, ctx.ifname, this.add6, this.plen6, this.flags6);
    } else {
      if (this.add4 === undefined) throw new KernelError("EINVAL", "no address");
      addInet(kernel, ctx.ifname, { address: this.add4, prefixLength: this.plen4 ?? 32, broadcast: this.brd4 });
    }
  }
}
