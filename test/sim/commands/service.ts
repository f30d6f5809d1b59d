// service(8) for the rc scripts the provider touches: netif (start/stop/restart [IF ...]), routing.
import type { SimCommand } from "./host";
import { CommandIo, runCommand } from "./io";
import { RcNetwork } from "./netif";

const NETIF_ACTIONS = ["start", "stop", "restart"];

function netif(io: CommandIo, net: RcNetwork, enabled: boolean, action: string, ifns: string[]): void {
  const forced = action.startsWith("one");
  const verb = forced ? action.slice(3) : action;
  if (!NETIF_ACTIONS.includes(verb)) {
    io.err(`/etc/rc.d/netif: unknown directive '${action}'.\n`);
    io.err("Usage: /etc/rc.d/netif [fast|force|one|quiet](start|stop|restart|rcvar|enable|disable|delete|enabled|describe|extracommands|cloneup|clonedown|clear|vnetup|vnetdown)\n");
    io.exitCode = 1;
    return;
  }
  if (!enabled && !forced) {
    io.out(`Cannot '${verb}' netif. Set netif_enable to YES in /etc/rc.conf or use 'one${verb}' instead of '${verb}'.\n`);
    return;
  }
  if (verb === "stop" || verb === "restart") net.stop(ifns);
  if (verb === "start" || verb === "restart") net.start(ifns);
  io.out(net.stdout);
  io.err(net.stderr);
}

/** The service command. */
export const service: SimCommand = (host, call) => {
  const io = new CommandIo("service");
  return runCommand(io, () => {
    const [name, action, ...rest] = call.argv;
    if (!name || !action) {
      io.err("usage: service [-j <jail name or id>] [-rv] <rc.d script> start|stop|etc.\n");
      io.err("       service -h\n       service [-j <jail name or id>] -e\n       service [-j <jail name or id>] -R\n");
      io.err("       service [-j <jail name or id>] -l | -r\n       service [-j <jail name or id>] -v -l | -r\n");
      io.exitCode = 1;
      return;
    }
    if (name === "netif") {
      const enabled = /^(yes|true|on|1)$/i.test(host.rc.get("netif_enable") ?? "");
      netif(io, new RcNetwork(host), enabled, action, rest);
    } else if (name !== "routing") {
      io.err(`${name} does not exist in /etc/rc.d or the local startup\n`);
      io.err("directories (/usr/local/etc/rc.d), or is not executable\n");
      io.exitCode = 1;
    }
  });
};
