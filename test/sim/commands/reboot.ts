// reboot(8): the machine rebuilds its kernel state from the persisted configuration.
import type { SimCommand } from "./host";
import { CommandIo, runCommand } from "./io";

/** The reboot command. */
export const reboot: SimCommand = (host) => {
  const io = new CommandIo("reboot");
  return runCommand(io, () => host.reboot());
};
