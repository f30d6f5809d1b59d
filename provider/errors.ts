// Errors the provider raises, each carrying the facts a user acts on (never a secret).
export { SshAuthError, SshConnectError, SshExecError, SshTimeoutError, HostKeyVerificationError } from "./ssh/errors";

/** Inputs given straight to create/update that `check` would have refused. */
export class LaggInputError extends Error {
  override name = "LaggInputError";
  constructor(readonly failures: { property: string; reason: string }[]) {
    super(`invalid Lagg inputs:\n${failures.map((f) => `  ${f.property || "(inputs)"}: ${f.reason}`).join("\n")}`);
  }
}

/** Facts about one script run on a host, shared by the apply errors below. */
export interface HostRunFacts {
  host: string;
  name: string;
  operation: string;
  exitCode: number | null;
  /** Marker lines explaining the failure: preflight reasons, failed steps, mismatches. */
  reasons: string[];
  stderr: string;
}

function describe(f: HostRunFacts, headline: string): string {
  const why = f.reasons.length ? `\n${f.reasons.map((r) => `  - ${r}`).join("\n")}` : "";
  const err = f.stderr.trim() ? `\n  stderr: ${f.stderr.trim().split("\n").slice(-5).join("\n          ")}` : "";
  return `${f.operation} ${f.name} on ${f.host}: ${headline}${why}${err}`;
}

/** The host refused before anything changed (lagg exists, port missing or in another lagg). */
export class LaggPreflightError extends Error {
  override name = "LaggPreflightError";
  constructor(readonly facts: HostRunFacts) {
    super(describe(facts, "nothing was changed"));
  }
}

/** A step or the verification failed; the host was rolled back to its previous state. */
export class LaggApplyError extends Error {
  override name = "LaggApplyError";
  constructor(readonly facts: HostRunFacts) {
    super(describe(facts, "the change failed and was rolled back; the host is as it was before"));
  }
}

/** The change failed and the rollback did not restore the previous state: the host needs a look. */
export class LaggRollbackError extends Error {
  override name = "LaggRollbackError";
  constructor(readonly facts: HostRunFacts) {
    super(describe(facts, "the change failed AND the rollback did not restore the previous state; inspect the host (ifconfig -v) and run `pulumi refresh`"));
  }
}

/** Another operation holds the host-side lock (lockf timed out). */
export class LaggLockError extends Error {
  override name = "LaggLockError";
  constructor(readonly facts: HostRunFacts) {
    super(describe(facts, "another pulumi-freebsd-lagg operation holds the host lock; nothing was changed, try again"));
  }
}

/** The script ended without reporting a result (killed, session lost): the host state is unknown. */
export class LaggUnknownOutcomeError extends Error {
  override name = "LaggUnknownOutcomeError";
  constructor(readonly facts: HostRunFacts, headline = "the script ended without a result; the host state is unknown, run `pulumi refresh`") {
    super(describe(facts, headline));
  }
}
