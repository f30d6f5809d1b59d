// State of one ifconfig run, shared by the keyword handlers.
import type { KernelError } from "../../kernel/errno";
import type { CommandHost } from "../host";
import type { CommandIo } from "../io";
import type { AddressRequest, Family } from "./address";

/** One ifconfig invocation: the interface being configured and the deferred work. */
export interface IfconfigContext {
  host: CommandHost;
  io: CommandIo;
  /** The interface name (changes after `create` of "lagg" or `name X`). */
  ifname: string;
  family: Family;
  addr: AddressRequest;
  /** callback_register(): deferred work (clone creation), most recent first. */
  callbacks: ((ctx: IfconfigContext) => void)[];
  /** printifnamemaybe(): printed at exit when a create or rename changed the name. */
  nameToPrint?: string;
}

/**
 * Perrorc(): ENXIO and EPERM get their own wording, anything else is `cmd: strerror`; exits 1.
 */
export function perror(ctx: IfconfigContext, cmd: string, error: KernelError): never {
  if (error.errno === "ENXIO") ctx.io.errx(1, `${cmd}: no such interface`);
  if (error.errno === "EPERM") ctx.io.errx(1, `${cmd}: permission denied`);
  return ctx.io.errc(1, error.errno, cmd);
}
