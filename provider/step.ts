// One host command of a plan: the unit plan.ts, address-plan.ts and the persistence plans produce and
// script/ renders (its own file, so the planners share it without importing each other).

/** One host command: an argv (never a shell string) and why it runs. */
export interface Step {
  argv: string[];
  /** Human summary for progress and errors, e.g. "add port igb1 to lagg0". */
  why: string;
  /** The interface the command changes. */
  target: string;
}
