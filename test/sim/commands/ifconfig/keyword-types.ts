// The shape of ifconfig's command table (struct cmd) and helpers the handlers share.
import { KernelError } from "../../kernel/errno";
import type { IfconfigContext } from "./context";
import { perror } from "./context";

/** One ifconfig keyword: DEF_CMD (no argument), DEF_CMD_ARG (next word), DEF_CLONE_CMD*. */
export interface Keyword {
  name: string;
  /** Takes the next word as its argument (NEXTARG). */
  takesArg: boolean;
  /** Only valid before the interface is created (c_iscloneop). */
  clone?: boolean;
  run: (ctx: IfconfigContext, arg: string) => void;
}

/** DEF_CMD */
export function cmd(name: string, run: (ctx: IfconfigContext, word: string) => void): Keyword {
  return { name, takesArg: false, run };
}

/** DEF_CMD_ARG */
export function cmdArg(name: string, run: (ctx: IfconfigContext, arg: string) => void): Keyword {
  return { name, takesArg: true, run };
}

/** Runs a kernel operation, returning the KernelError instead of throwing it. */
export function attempt(op: () => void): KernelError | undefined {
  try {
    op();
    return undefined;
  } catch (error) {
    if (error instanceof KernelError) return error;
    throw error;
  }
}

/** Runs a kernel operation; a failure is `err(1, label)`. */
export function orErr(ctx: IfconfigContext, label: string, op: () => void): void {
  const error = attempt(op);
  if (error) ctx.io.errc(1, error.errno, label);
}

/** Runs a kernel operation; a failure goes through Perror(label). */
export function orPerror(ctx: IfconfigContext, label: string, op: () => void): void {
  const error = attempt(op);
  if (error) perror(ctx, label, error);
}
