// What the simulated host records about every SSH exec request.

/** One exec request as it ran on the simulated host. */
export interface ExecRecord {
  /** The SSH connection it arrived on ("s1", "s2", ... per host); every exec of one connection shares it. */
  sessionId: string;
  /** The exec command string exactly as the client sent it (before the login shell interpreted it). */
  command: string;
  /** Everything the client sent on the channel's stdin. */
  stdin: string;
  /** The login shell's exit status; null when it was killed by a signal. */
  exitCode: number | null;
  /** The signal that killed the login shell ("TERM", ...), if any. */
  signal?: string;
  stdoutBytes: number;
  durationMs: number;
  /** Epoch milliseconds when the exec started. */
  at: number;
  /** True when the client's connection was cut while the command ran (the command still ran to its end). */
  connectionCut: boolean;
}
