// hostname(1): print (-s short, -d domain) or set the running hostname.
import { getopt } from "./argv";
import type { SimCommand } from "./host";
import { CommandExit, CommandIo, runCommand } from "./io";

/** The hostname command. */
export const hostname: SimCommand = (host, call) => {
  const io = new CommandIo("hostname");
  return runCommand(io, () => {
    const usage = (): never => {
      io.err("usage: hostname [-f] [-s | -d] [name-of-host]\n");
      throw new CommandExit(1);
    };
    const parsed = getopt(call.argv, "fsd", io, usage);
    const flags = new Set(parsed.options.map((o) => o.flag));
    if (parsed.operands.length > 1 || (flags.has("s") && flags.has("d"))) usage();
    if (parsed.operands.length === 1) {
      host.hostname = parsed.operands[0];
      return;
    }
    const name = host.hostname;
    const dot = name.indexOf(".");
    if (flags.has("s")) io.out(`${dot < 0 ? name : name.slice(0, dot)}\n`);
    else if (flags.has("d")) io.out(`${dot < 0 ? "" : name.slice(dot + 1)}\n`);
    else io.out(`${name}\n`);
  });
};
