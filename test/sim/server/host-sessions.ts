// Book-keeping shared by both SSH modes: which connection a session belongs to, exec records, the
// dropAfterExecs fault, and the process groups to kill at reboot and shutdown.
import type { ExecRecord } from "./exec-records";
import { killGroup } from "./host-dirs";
import type { FrontProxy, ProxiedConnection } from "./tcp-proxy";
import type { TransportFaults } from "./transport-faults";

export class HostSessions {
  /** Every completed exec, in completion order. */
  readonly execs: ExecRecord[] = [];
  private readonly groups = new Set<number>();

  constructor(
    private readonly proxy: FrontProxy,
    private readonly faults: TransportFaults,
  ) {}

  /** The client connection behind a server-side peer port (the proxy's upstream socket). */
  connectionOf(peerPort: number): { sessionId: string; connection?: ProxiedConnection } {
    const connection = this.proxy.byUpstreamPort(peerPort);
    return { sessionId: connection ? `s${connection.id}` : `direct-${peerPort}`, connection };
  }

  /** Remembers a session's process group (killed at reboot and stop). */
  trackGroup(pgid: number): void {
    if (pgid > 1) this.groups.add(pgid);
  }

  untrackGroup(pgid: number): void {
    this.groups.delete(pgid);
  }

  /** An exec request arrived: true (and its connection cut) when dropBeforeExec planned it, so it must not run. */
  execArriving(connection: ProxiedConnection | undefined): boolean {
    if (!connection || !this.faults.execArriving()) return false;
    this.proxy.cut(connection.id, "close");
    return true;
  }

  /** An exec's command finished: count it for dropAfterExecs and cut its connection when planned. */
  execFinished(connection: ProxiedConnection | undefined): void {
    const point = this.faults.execCompleted();
    if (!point || !connection) return;
    if (point === "beforeResult") this.proxy.cut(connection.id, "close");
    else this.proxy.cutAfterReply(connection.id);
  }

  record(exec: ExecRecord): void {
    this.execs.push(exec);
  }

  /** SIGKILLs every running session (what a reboot or a stopped host does to them). */
  killAll(): void {
    for (const pgid of this.groups) killGroup(pgid);
    this.groups.clear();
  }
}
