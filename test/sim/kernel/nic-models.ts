// What each simulated driver looks like: capabilities, what SIOCSIFCAP may toggle, media, speed.
import { capMask, IFCAP } from "./bits";

/** The driver-specific behaviour of a simulated NIC (em, igb, ix are all iflib drivers). */
export interface DriverProfile {
  /** if_capabilities: what the hardware supports. */
  capabilities: number;
  /** if_capenable at attach. */
  capenable: number;
  /** Bits SIOCSIFCAP may flip (iflib: IFCAP_FLAGS | IFCAP_WOL). */
  toggleable: number;
  /** iflib flips RXCSUM and RXCSUM_IPV6 together. */
  linkedRxcsum: boolean;
  /** Active media text when the link is up, e.g. "1000baseT <full-duplex>". */
  activeMedia: string;
  /** `ifconfig -m` supported media lines (without the "media " prefix). */
  supportedMedia: string[];
  /** IFM subtype class LACP puts in the low 5 bits of the key (IFM_1000_SX, IFM_10G_LR). */
  lacpSpeedKey: number;
  /** Link speed in Mbit/s (LACP prefers the aggregator with the most bandwidth). */
  speedMbps: number;
}

// iflib.c IFCAP_FLAGS plus IFCAP_WOL.
const IFLIB_TOGGLEABLE = capMask(
  "RXCSUM", "TXCSUM", "RXCSUM_IPV6", "TXCSUM_IPV6", "LRO", "TSO4", "TSO6", "VLAN_HWTAGGING",
  "HWSTATS", "VLAN_MTU", "VLAN_HWFILTER", "VLAN_HWTSO", "VLAN_HWCSUM", "MEXTPG",
  "WOL_UCAST", "WOL_MCAST", "WOL_MAGIC",
);

const GIGABIT_MEDIA = [
  "autoselect", "1000baseT", "1000baseT mediaopt full-duplex", "100baseTX mediaopt full-duplex",
  "100baseTX", "10baseT/UTP mediaopt full-duplex", "10baseT/UTP",
];

// em(4) enables everything but TSO and WOL (if_em.c: "Disable TSO on all em(4)").
const EM_ENABLED = capMask(
  "RXCSUM", "TXCSUM", "VLAN_MTU", "VLAN_HWTAGGING", "JUMBO_MTU", "VLAN_HWCSUM", "LRO",
  "VLAN_HWFILTER", "VLAN_HWTSO", "RXCSUM_IPV6", "TXCSUM_IPV6", "HWSTATS", "MEXTPG",
);
const WOL = capMask("WOL_UCAST", "WOL_MCAST", "WOL_MAGIC");

const PROFILES: Record<string, DriverProfile> = {
  em: {
    capabilities: (EM_ENABLED | IFCAP.TSO4 | WOL) >>> 0,
    capenable: EM_ENABLED,
    toggleable: IFLIB_TOGGLEABLE,
    linkedRxcsum: true,
    activeMedia: "1000baseT <full-duplex>",
    supportedMedia: GIGABIT_MEDIA,
    lacpSpeedKey: 11,
    speedMbps: 1000,
  },
  igb: {
    capabilities: (EM_ENABLED | capMask("TSO4", "TSO6") | WOL) >>> 0,
    capenable: (EM_ENABLED | capMask("TSO4", "TSO6", "WOL_MAGIC")) >>> 0,
    toggleable: IFLIB_TOGGLEABLE,
    linkedRxcsum: true,
    activeMedia: "1000baseT <full-duplex>",
    supportedMedia: GIGABIT_MEDIA,
    lacpSpeedKey: 11,
    speedMbps: 1000,
  },
  ix: {
    capabilities: (EM_ENABLED | capMask("TSO4", "TSO6") | WOL) >>> 0,
    capenable: (EM_ENABLED | capMask("TSO4", "TSO6") | WOL) >>> 0,
    toggleable: IFLIB_TOGGLEABLE,
    linkedRxcsum: true,
    activeMedia: "10Gbase-T <full-duplex,rxpause,txpause>",
    supportedMedia: [
      "autoselect", "10Gbase-T mediaopt full-duplex", "1000baseT mediaopt full-duplex",
      "100baseTX mediaopt full-duplex",
    ],
    lacpSpeedKey: 18,
    speedMbps: 10000,
  },
};

/** The driver name of an interface name: "igb1" -> "igb". */
export function driverOf(name: string): string {
  return name.replace(/[0-9]+$/, "");
}

/** The profile for a NIC name; unknown drivers behave like em(4). */
export function profileFor(name: string): DriverProfile {
  return PROFILES[driverOf(name)] ?? PROFILES.em;
}

/** lo0 capabilities: HWCSUM, HWCSUM_IPV6, LINKSTATE (0x680003). */
export const LOOPBACK_CAPS = capMask("RXCSUM", "TXCSUM", "LINKSTATE", "RXCSUM_IPV6", "TXCSUM_IPV6");
