// The emulated commands by basename.
import { dhclient } from "./dhclient";
import type { SimCommand } from "./host";
import { hostname } from "./hostname";
import { ifconfig } from "./ifconfig";
import { midclt } from "./midclt";
import { reboot } from "./reboot";
import { service } from "./service";
import { sysrc } from "./sysrc";
import { uname } from "./uname";

/** Commands every simulated FreeBSD host has. */
export const FREEBSD_COMMANDS: Readonly<Record<string, SimCommand>> = {
  ifconfig, sysrc, uname, hostname, service, reboot, dhclient,
};

/** Commands only a TrueNAS CORE host has. */
export const TRUENAS_COMMANDS: Readonly<Record<string, SimCommand>> = { midclt };
