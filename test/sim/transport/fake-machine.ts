// TEMPORARY stand-in for createSimMachine until test/sim/machine.ts lands.
import { EventEmitter } from "node:events";
import type { ChangeRecord, CommandContext, CommandRecord, CommandResult, SimMachine } from "../machine-api";

export class FakeMachine extends EventEmitter implements SimMachine {
  readonly commandNames = ["ifconfig", "uname", "hostname", "sysrc", "reboot"];
  readonly managementAddress = "192.0.2.2";
  readonly records = { commands: [] as CommandRecord[], changes: [] as ChangeRecord[] };
  private up = true;
  private addr = true;

  isAddressReachable(address: string): boolean {
    return address === this.managementAddress && this.up && this.addr;
  }

  async run(command: string, argv: string[], ctx: CommandContext): Promise<CommandResult> {
    let result: CommandResult = { stdout: "", stderr: "", exitCode: 0 };
    if (command === "uname") result.stdout = "FreeBSD\n";
    else if (command === "hostname") result.stdout = "fake\n";
    else if (command === "reboot") {
      this.up = true;
      this.addr = true;
      setImmediate(() => this.emit("reboot"));
    } else if (command === "ifconfig") {
      if (argv[0] === "em0" && argv[1] === "down") this.change("em0", "down", () => (this.up = false));
      else if (argv[0] === "em0" && argv[1] === "up") this.change("em0", "up", () => (this.up = true));
      else if (argv[0] === "em0" && argv.includes("-alias")) this.change("em0", "-alias", () => (this.addr = false));
      else if (argv[0] === "em0" && argv.includes("alias")) this.change("em0", "alias", () => (this.addr = true));
      else if (argv[0] === "lagg0") this.change("lagg0", argv.slice(1).join(" "), () => undefined);
      else if (argv.length === 0) result.stdout = "em0: flags=8863<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n";
      else result = { stdout: "", stderr: `ifconfig: interface ${argv[0]} does not exist\n`, exitCode: 1 };
    }
    this.records.commands.push({ command, argv, stdin: ctx.stdin, ...result, sessionId: ctx.sessionId, at: Date.now() });
    return result;
  }

  private change(ifname: string, what: string, apply: () => void): void {
    apply();
    const record = { interface: ifname, what, at: Date.now() };
    this.records.changes.push(record);
    this.emit("change", record);
  }
}
