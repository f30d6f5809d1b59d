// dhclient(8) against the simulator's fake DHCP server: leases 198.51.100.N/24 on the interface.
import type { SimCommand } from "./host";
import { CommandIo, runCommand } from "./io";

/** The dhclient command. */
export const dhclient: SimCommand = (host, call) => {
  const io = new CommandIo("dhclient");
  return runCommand(io, () => {
    const ifn = call.argv.filter((a) => !a.startsWith("-")).pop();
    if (!ifn) {
      io.err("usage: dhclient [-bdqu] [-c conffile] [-l leasefile] [-p pidfile] interface\n");
      io.exitCode = 1;
      return;
    }
    if (!host.kernel.find(ifn)) {
      io.err(`dhclient: ${ifn}: not found\n`);
      io.exitCode = 1;
      return;
    }
    const address = host.leaseAddress(ifn);
    host.exec("ifconfig", [ifn, "up"]);
    host.exec("ifconfig", [ifn, "inet", `${address}/24`]);
    io.out(`DHCPREQUEST on ${ifn} to 255.255.255.255 port 67\nDHCPACK from 198.51.100.1\n`);
    io.out(`bound to ${address} -- renewal in 43200 seconds.\n`);
  });
};
