// The transcripts of the bench's cheap host mode (replay.ts), apart from the channel code so that the types a
// consumer of `pulumi-freebsd-lagg/testing` compiles against (SimHostOptions.replay) do not reach ssh2's types
// (@types/ssh2 is a devDependency, not installed with the package).

export type TranscriptEvent = { in: string } | { out: string } | { err: string } | { eof: true };

export interface Transcript {
  events: TranscriptEvent[];
  exitCode: number;
  commands: { argv: string[]; stdout: string; exitCode: number }[];
  /** Files that changed, by `<root>:<relative path>`: new content, or null when removed. */
  files: Record<string, string | null>;
}

/** The transcripts of one fleet's scripts, by the state a host was in when it got the script. */
export class ReplayCache {
  private readonly byState = new Map<string, Transcript[]>();
  /** Execs answered from a transcript, and recorded for real. */
  replayed = 0;
  recorded = 0;

  /** Transcripts recorded in `state`. */
  candidates(state: string): Transcript[] {
    return this.byState.get(state) ?? [];
  }

  add(state: string, transcript: Transcript): void {
    const list = this.byState.get(state) ?? [];
    list.push(transcript);
    this.byState.set(state, list);
  }
}

