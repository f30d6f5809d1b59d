// A simulated FreeBSD (or TrueNAS CORE) host: kernel model + emulated commands + persisted rc.conf.
import { EventEmitter } from "node:events";
import type { CommandHost, SimCommand } from "./commands/host";
import { RcNetwork } from "./commands/netif";
import { RcConfStore, RC_CONF } from "./commands/rcconf";
import { FREEBSD_COMMANDS, TRUENAS_COMMANDS } from "./commands/registry";
import { runDhclient, type DhcpServerOptions } from "./commands/dhclient";
import { DhcpClients, RootHostFiles } from "./commands/dhcp-clients";
import type { DeferredCommandResult } from "./commands/midclt";
import { SimFaults } from "./kernel/faults";
import { setCarrier, setLacpPartner } from "./kernel/iface-ops";
import { inetAton } from "./kernel/ipv4";
import { canonicalIpv6, formatIpv6 } from "./kernel/ipv6";
import { Kernel, NicAttachSpec } from "./kernel/kernel";
import { carriesTraffic } from "./kernel/lagg-view";
import { parseMac } from "./kernel/mac";
import { TrueNasMiddleware } from "./truenas/middleware";
import type {
  ChangeRecord, CommandContext, CommandRecord, CommandResult, SimMachine, SimMachineOptions, SimNicSpec,
} from "./machine-api";

const DEFAULT_NICS = ["em0", "em1", "igb0", "igb1", "igb2", "igb3", "ix0", "ix1"];

/** The test-only handles of a simulated machine, beside the SimMachine contract. */
export interface SimMachineHandles {
  /** The current kernel (a new one after each reboot). */
  readonly kernel: Kernel;
  /** Fault injection: port join failures, failing commands. */
  readonly faults: SimFaults;
  /** The persisted rc.conf files (`text()`, `get(name)`, `toMap()`). */
  readonly rcConf: RcConfStore;
  /** Console output of the last boot (rc.d/netif). */
  readonly bootLog: string;
  /** The running hostname (`hostname NAME` changes it; a reboot takes rc.conf's). */
  readonly hostname: string;
  /**
   * Gives the machine a file system: `dir` stands for its `/` (rc.conf is kept in dir/etc/rc.conf, rc's globs
   * expand against dir). Called by the transport that builds the host's sandbox.
   */
  attachRoot(dir: string): void;
  /** The directory standing for `/` once attachRoot was called. */
  readonly rootDir?: string;
  /** Plugs/unplugs a NIC's cable. */
  setLink(port: string, up: boolean): void;
  /** Makes the switch answer LACPDUs on a port, or stop. */
  setLacpPartner(port: string, present: boolean): void;
  /** The running dhclient daemons (pid, pidfile) and the host files their pidfiles live in. */
  readonly dhcp: DhcpClients;
  /**
   * Registers work to run at every boot after rc.d/netif (e.g. a TrueNAS middleware's
   * `interface.sync`). Hooks see the fresh kernel through the host.
   */
  addBootHook(hook: (host: CommandHost) => void): void;
  /**
   * TrueNAS mode only: the middleware (its database `middleware.db.tables`, `pending`, `log`). It owns the
   * network configuration: rc.conf has netif_enable="NO" and every boot runs its `interface.sync`.
   */
  readonly middleware?: TrueNasMiddleware;
}

/** What createSimMachine returns. */
export type TestSimMachine = SimMachine & SimMachineHandles;

function nicSpec(entry: string | SimNicSpec): NicAttachSpec {
  const spec = typeof entry === "string" ? { name: entry } : entry;
  const mac = spec.mac === undefined ? undefined : parseMac(spec.mac);
  if (mac === null) throw new Error(`invalid MAC ${spec.mac} for ${spec.name}`);
  return {
    name: spec.name, mac, carrier: spec.link, maxMtu: spec.maxMtu, lacpPartner: spec.lacpPartner,
    capabilities: spec.capabilities, enabledCapabilities: spec.enabledCapabilities,
  };
}

class SimMachineImpl extends EventEmitter implements SimMachine, CommandHost, SimMachineHandles {
  readonly commandNames: readonly string[];
  readonly records: { commands: CommandRecord[]; changes: ChangeRecord[] } = { commands: [], changes: [] };
  readonly faults = new SimFaults();
  readonly rcConf: RcConfStore;
  readonly managementAddress: string;
  readonly osRelease: string;
  readonly truenas: boolean;
  readonly middleware?: TrueNasMiddleware;
  readonly dhcp = new DhcpClients();
  readonly dhcpOptions: DhcpServerOptions;
  bootLog = "";
  rootDir?: string;
  private currentKernel!: Kernel;
  private name: string;
  private readonly nics: NicAttachSpec[];
  private readonly commands: Record<string, SimCommand>;
  private readonly leases = new Map<string, string>();
  private nextLease = 10;
  private recording = false;
  /** Set while an emulated command runs (synchronously): whether it wrote rc.conf (faults.rebootAtPoint). */
  private running?: { wrote: boolean };
  private readonly bootHooks: ((host: CommandHost) => void)[] = [];
  private readonly timing: { linkDelayMs?: number; lacpDelayMs?: number };

  constructor(options: SimMachineOptions) {
    super();
    this.timing = { linkDelayMs: options.linkDelayMs, lacpDelayMs: options.lacpDelayMs };
    this.dhcpOptions = { ...options.dhcp };
    this.osRelease = options.osRelease ?? "14.1-RELEASE";
    this.truenas = options.truenas ?? false;
    this.name = options.hostname ?? "freebsd";
    this.nics = (options.interfaces ?? DEFAULT_NICS).map(nicSpec);
    this.commands = { ...FREEBSD_COMMANDS, ...(this.truenas ? TRUENAS_COMMANDS : {}) };
    this.commandNames = Object.keys(this.commands);
    const management = options.management ?? { interface: "em0", address: "192.0.2.2/24" };
    const freshInstall = this.truenas && options.freshInstall === true;
    // A fresh TrueNAS install: sessions arrive on the DHCP lease ix-netif's autoconfigure gets for em0.
    this.managementAddress = freshInstall ? this.leaseAddress(management.interface) : management.address.replace(/\/.*$/, "");
    this.rcConf = new RcConfStore((name, file) => {
      this.change("", `${file.replace(/^.*\//, "")} ${name}`);
      this.crashPointAtWrite();
    });
    const v6 = management.address.includes(":");
    const ifvar = `ifconfig_${management.interface.replace(/[.\-/+]/g, "_")}${v6 ? "_ipv6" : ""}`;
    // TrueNAS (src/freenas/etc/rc.conf.network): rc.d/netif is off; the middleware DB holds the address.
    const netif = this.truenas ? 'netif_enable="NO"' : `${ifvar}="${v6 ? "inet6" : "inet"} ${management.address}"`;
    this.rcConf.setText(RC_CONF, [`hostname="${this.name}"`, netif, 'sshd_enable="YES"'].join("\n"));
    if (this.truenas) {
      const middleware = new TrueNasMiddleware(this, { management: freshInstall ? undefined : management, timing: options.truenasTiming });
      this.middleware = middleware;
      this.bootHooks.push(() => middleware.boot());
    }
    this.boot();
    // The host has been up for a while when the simulator starts: links and LACP have settled.
    this.currentKernel.settleTimers();
    this.recording = true;
  }

  get kernel(): Kernel {
    return this.currentKernel;
  }

  get rc(): RcConfStore {
    return this.rcConf;
  }

  get hostname(): string {
    return this.name;
  }

  set hostname(value: string) {
    this.name = value;
    this.change("", `hostname ${value}`);
  }

  leaseAddress(iface: string): string {
    let lease = this.leases.get(iface);
    if (!lease) this.leases.set(iface, (lease = `198.51.100.${this.nextLease++}`));
    return lease;
  }

  exec(command: string, argv: string[], env: Record<string, string> = {}, stdin = ""): CommandResult {
    const fn = this.commands[command];
    if (!fn) return { stdout: "", stderr: `${command}: not found\n`, exitCode: 127 };
    return fn(this, { argv, stdin, env });
  }

  async run(command: string, argv: string[], ctx: CommandContext): Promise<CommandResult> {
    const delay = this.faults.takeCommandDelay(command);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const at = Date.now();
    const fault = this.faults.takeCommandFault(command);
    let result: CommandResult;
    let powerLost = false;
    const running = { wrote: false };
    if (fault) {
      result = { stdout: fault.stdout ?? "", stderr: fault.stderr, exitCode: fault.exitCode };
    } else {
      try {
        // dhclient from a session takes real time (link wait, DISCOVERs); rc and the middleware run it collapsed.
        if (command === "dhclient") result = await runDhclient(this, argv);
        else {
          this.running = running;
          try {
            result = this.exec(command, argv, ctx.env, ctx.stdin);
          } finally {
            this.running = undefined;
          }
        }
        // midclt calls that sync (commit, rollback) answer later, or time out (commands/midclt.ts).
        const deferred = (result as DeferredCommandResult).deferred;
        if (deferred) result = await deferred;
      } catch (error) {
        powerLost = error instanceof PowerLoss;
        result = powerLost ? { stdout: "", stderr: "", exitCode: 137 } : { stdout: "", stderr: `${command}: simulator error: ${(error as Error).message}\n`, exitCode: 70 };
      }
    }
    this.records.commands.push({ command, argv: [...argv], stdin: ctx.stdin, ...result, sessionId: ctx.sessionId, at });
    // faults.rebootAtPoint: the end of a command that wrote nothing is a crash point (writes are their own).
    if (powerLost || (!running.wrote && this.faults.takeCrashPoint())) this.reboot();
    return result;
  }

  isAddressReachable(address: string): boolean {
    const bare = address.replace(/\/.*$/, "");
    const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(bare) ? inetAton(bare) : null;
    const v6 = v4 === null ? canonicalIpv6(bare.replace(/%.*$/, "")) : null;
    return this.currentKernel.list().some((iface) => {
      const has = v4 !== null
        ? iface.inet.some((a) => a.address === v4)
        : v6 !== null && iface.inet6.some((a) => formatIpv6(a.words) === v6);
      return has && carriesTraffic(iface);
    });
  }

  /** One rc.conf file write of a running command is a crash point: a due reboot stops the command here. */
  private crashPointAtWrite(): void {
    if (!this.running) return;
    this.running.wrote = true;
    if (this.faults.takeCrashPoint()) throw new PowerLoss();
  }

  reboot(): void {
    this.boot();
    this.change("", "reboot");
    this.emit("reboot");
  }

  attachRoot(dir: string): void {
    this.rootDir = dir;
    this.dhcp.files = new RootHostFiles(dir);
    this.rcConf.attachDirectory(dir);
  }

  setLink(port: string, up: boolean): void {
    setCarrier(this.currentKernel, port, up);
  }

  setLacpPartner(port: string, present: boolean): void {
    setLacpPartner(this.currentKernel, port, present);
  }

  addBootHook(hook: (host: CommandHost) => void): void {
    this.bootHooks.push(hook);
  }

  /** Power-on: NICs keep their cables and partners; everything else comes from rc.conf. */
  private boot(): void {
    const previous = this.currentKernel;
    previous?.dispose();
    this.dhcp.stopAll();
    const osMajor = Number(this.osRelease.match(/^(\d+)/)?.[1] ?? 14);
    this.currentKernel = new Kernel({
      osMajor, faults: this.faults, onChange: (i, what) => this.change(i, what), timing: this.timing,
    });
    for (const spec of this.nics) {
      const old = previous?.list().find((i) => i.kind === "ether" && i.driver + i.unit === spec.name);
      this.currentKernel.attachNic({ ...spec, carrier: old?.carrier ?? spec.carrier, lacpPartner: old?.lacpPartner ?? spec.lacpPartner });
    }
    this.currentKernel.attachLoopback();
    this.name = this.rcConf.get("hostname") || this.name;
    const net = new RcNetwork(this);
    if (/^(yes|true|on|1)$/i.test(this.rcConf.get("netif_enable") ?? "")) net.start();
    this.bootLog = net.stdout + net.stderr;
    for (const hook of this.bootHooks) hook(this);
  }

  private change(iface: string, what: string): void {
    if (what === "destroy") this.dhcp.interfaceGone(iface);
    if (!this.recording) return;
    const record: ChangeRecord = { interface: iface, what, at: Date.now() };
    this.records.changes.push(record);
    this.emit("change", record);
  }
}

/** Thrown from inside a command when faults.rebootAtPoint lands there: the command stops, the host reboots. */
class PowerLoss extends Error {}

/** Creates a simulated host booted from its default rc.conf (management address on em0). */
export function createSimMachine(options: SimMachineOptions = {}): TestSimMachine {
  return new SimMachineImpl(options);
}
