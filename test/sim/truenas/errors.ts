// middlewared's exceptions (service_exception.py) and what `midclt call` prints for them.
//
// Sourced (truenas/middleware src/middlewared/middlewared/client/client.py main(), service_exception.py,
// main.py call_method): a ValidationErrors reaches the client as type VALIDATION with
// extra = [(attribute, errmsg, errno)]; the client re-raises it as client.ValidationErrors whose text is
// one `[ERRNAME] attribute: message` line per error (attribute None prints as "ALL") and which has no
// trace, so midclt prints just those lines on stderr. A CallError arrives with reason
// `[ERRNAME] message` and a Python traceback, and midclt prints both. Either way midclt exits 1.
// Inferred: the traceback's frames (only their shape matters; the real ones list middlewared's files).

/** errno names middlewared uses here (Python's errno.errorcode, plus ErrnoMixin's own codes). */
export type MiddlewareErrno = "EINVAL" | "ENOENT" | "EFAULT" | "EAGAIN" | "ENOMETHOD";

/** One entry of a ValidationErrors. */
export interface ValidationEntry {
  attribute: string | null;
  errmsg: string;
  errno: MiddlewareErrno;
}

/** middlewared.service_exception.ValidationErrors: collected, then raised by check(). */
export class ValidationErrors extends Error {
  readonly errors: ValidationEntry[] = [];

  constructor() {
    super("validation errors");
    this.name = "ValidationErrors";
  }

  add(attribute: string | null, errmsg: string, errno: MiddlewareErrno = "EINVAL"): void {
    this.errors.push({ attribute, errmsg, errno });
  }

  has(attribute: string): boolean {
    return this.errors.some((e) => e.attribute === attribute);
  }

  check(): void {
    if (this.errors.length) throw this;
  }
}

/** middlewared.service_exception.CallError (default errno EFAULT). */
export class CallError extends Error {
  constructor(readonly errmsg: string, readonly errno: MiddlewareErrno = "EFAULT", readonly pyClass = "middlewared.service_exception.CallError") {
    super(errmsg);
    this.name = "CallError";
  }
}

function traceback(pyClass: string, text: string): string {
  const site = "/usr/local/lib/python3.9/site-packages/middlewared";
  return [
    "Traceback (most recent call last):",
    `  File "${site}/main.py", line 181, in call_method`,
    "    result = await self.middleware._call(message['method'], serviceobj, methodobj, params, app=self)",
    `  File "${site}/main.py", line 1256, in _call`,
    "    return await methodobj(*prepared_call.args)",
    `${pyClass}${text ? `: ${text}` : ""}`,
    "",
  ].join("\n");
}

/** stderr of `midclt call` when the call raised `error` (the exit status is 1). */
export function midcltErrorText(error: ValidationErrors | CallError): string {
  if (error instanceof ValidationErrors) {
    return error.errors.map((e) => `[${e.errno}] ${e.attribute ?? "ALL"}: ${e.errmsg}`).join("\n") + "\n";
  }
  const reason = error.errmsg === "" ? "" : `[${error.errno}] ${error.errmsg}`;
  // print(e.error) when non-empty, then print(e.trace['formatted']) (which already ends in a newline).
  return (reason ? `${reason}\n` : "") + traceback(error.pyClass, reason) + "\n";
}
