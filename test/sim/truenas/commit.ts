// interface.commit / checkin / checkin_waiting / rollback / has_pending_changes (plugins/network.py,
// TN-13.3-U1.2): the saved DB (`_original_datastores`), the checkin timer, and the sync runner whose link
// polls take simulated time while other calls keep being served.
import type { DbTables, MiddlewareDb } from "./db";
import { CallError, ValidationErrors } from "./errors";
import type { ApiInterface } from "./query";

/** What the pending-changes machinery needs from its middleware. */
export interface PendingChangesContext {
  /** A fresh interface.sync generator; each yield is one of lag_setup's `time.sleep(2)`. */
  sync: () => Generator<"poll", void>;
  /** How long one of those polls lasts here. */
  linkPollMs: number;
  log: (line: string) => void;
}

/** The pending DB changes of one middleware and the commit that applies them. */
export class PendingChanges {
  private original: DbTables | null = null;
  private timer: NodeJS.Timeout | undefined;
  private deadline = 0;

  constructor(private readonly db: MiddlewareDb, private readonly ctx: PendingChangesContext) {}

  /** has_pending_changes: `bool(self._original_datastores)`. */
  get pending(): boolean {
    return this.original !== null;
  }

  /** __save_datastores: the first write since the last checkin keeps the DB as it was. */
  save(): void {
    if (!this.original) this.original = this.db.snapshot();
  }

  /** In-memory state is lost (a reboot, or the host stops). */
  forget(): void {
    this.stopTimer();
    this.original = null;
  }

  /**
   * commit(options): __check_dhcp_or_aliases, then sync; on failure rollback (when asked) and re-raise.
   * A rollback whose own sync fails too raises its error instead (Python's "During handling of the above
   * exception" chain: midclt prints the last one). The timer is armed only once the sync has finished.
   */
  commit(arg: unknown, interfaces: ApiInterface[]): Promise<null> {
    const options = { rollback: true, checkin_timeout: 60 };
    const verrors = new ValidationErrors();
    for (const [key, value] of Object.entries((arg ?? {}) as Record<string, unknown>)) {
      if (key === "rollback" && typeof value === "boolean") options.rollback = value;
      else if (key === "checkin_timeout" && Number.isInteger(value)) options.checkin_timeout = value as number;
      else if (key === "rollback") verrors.add("options.rollback", "Not a boolean");
      else if (key === "checkin_timeout") verrors.add("options.checkin_timeout", "Not an integer");
      else verrors.add(`options.${key}`, "Field was not expected");
    }
    verrors.check();
    if (!interfaces.some((i) => i.ipv4_dhcp || i.ipv6_auto || (i.aliases as unknown[]).length > 0)) {
      throw new CallError("At least one interface configured with either IPv4 DHCP, IPv6 auto or a static IP is required.");
    }
    return (async () => {
      try {
        await this.sync();
      } catch (error) {
        if (options.rollback) await this.rollback();
        throw error;
      }
      if (options.rollback && options.checkin_timeout) this.startTimer(options.checkin_timeout);
      else this.original = null;
      return null;
    })();
  }

  checkin(): null {
    this.forget();
    return null;
  }

  checkinWaiting(): number | null {
    if (!this.timer) return null;
    const remaining = (this.deadline - Date.now()) / 1000;
    return remaining > 0 ? remaining : null;
  }

  /** rollback: __restore_datastores clears the saved state before the sync, so a failing sync leaves nothing pending. */
  async rollback(): Promise<void> {
    this.stopTimer();
    if (this.original) this.db.restore(this.original);
    this.original = null;
    await this.sync();
  }

  /** Runs interface.sync, sleeping linkPollMs at each of lag_setup's link polls. */
  async sync(): Promise<void> {
    for (const step of this.ctx.sync()) {
      void step;
      await new Promise((resolve) => setTimeout(resolve, this.ctx.linkPollMs));
    }
  }

  private startTimer(seconds: number): void {
    this.stopTimer();
    this.deadline = Date.now() + seconds * 1000;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rollback().catch((error: unknown) => this.ctx.log(`rollback failed: ${(error as Error).message}`));
    }, seconds * 1000);
    // A pending checkin must not keep a test process (or the simulator CLI) alive.
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
