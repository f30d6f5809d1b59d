// middlewared's exceptions (service_exception.py) and what `midclt call` prints for them.
//
// Sourced (truenas/middleware src/middlewared/middlewared/client/client.py main(), service_exception.py,
// main.py call_method): a ValidationErrors reaches the client as type VALIDATION with
// extra = [(attribute, errmsg, errno)]; the client re-raises it as client.ValidationErrors whose text is
// one `[ERRNAME] attribute: message` line per error (attribute None prints as "ALL") and which has no
// trace, so midclt prints just those lines on stderr. A CallError arrives with reason
// `[ERRNAME] message` and a Python traceback, and midclt prints both. Either way midclt exits 1.
// Any other exception (schema.Error, OSError, KeyError: main.py call_method TN-13.3-U1.2) arrives the
// same way as a CallError: reason = str(e), then the traceback; midclt prints both and exits 1.
// A client-side timeout is client.CallTimeout("Call timeout"): just that line, exit 1 (client.py call()).
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

/** middlewared.service_exception.CallError (default errno EFAULT), and the base of every traced error. */
export class CallError extends Error {
  constructor(readonly errmsg: string, readonly errno: MiddlewareErrno = "EFAULT", readonly pyClass = "middlewared.service_exception.CallError") {
    super(errmsg);
    this.name = "CallError";
  }

  /** str(e), sent as the error's `reason`: CallError.__str__ is `[ERRNAME] errmsg`. */
  get reason(): string {
    return this.errmsg === "" ? "" : `[${this.errno}] ${this.errmsg}`;
  }
}

/**
 * middlewared.schema.Error, raised by `@accepts` while cleaning arguments (schema.py TN-13.3-U1.2): the
 * first bad attribute only, named without its schema prefix (`[lag_protocol] Invalid choice: BROADCAST`).
 * main.py sends it with a traceback and type None, so it is not a ValidationErrors on the client.
 */
export class SchemaError extends CallError {
  constructor(readonly attribute: string, errmsg: string) {
    super(errmsg, "EINVAL", "middlewared.schema.Error");
    this.name = "SchemaError";
  }

  override get reason(): string {
    return `[${this.attribute}] ${this.errmsg}`;
  }
}

/**
 * A plain Python exception escaping a method (OSError from py-netif, KeyError from netif.get_interface):
 * main.py sends errno EINVAL and reason str(e), e.g. `[Errno 16] Device busy` or `'lagg0'`.
 */
export class PythonError extends CallError {
  constructor(pyClass: "OSError" | "KeyError" | "StopIteration" | "TypeError", private readonly text: string) {
    super(text, "EINVAL", pyClass);
    this.name = "PythonError";
  }

  override get reason(): string {
    return this.text;
  }
}

/** OSError(errno, strerror) as py-netif raises it: str() is `[Errno N] text`. */
export function osError(errnoNumber: number, text: string): PythonError {
  return new PythonError("OSError", `[Errno ${errnoNumber}] ${text}`);
}

/** netif.get_interface(name) on a missing interface: KeyError(name), str() is the repr `'name'`. */
export function keyError(name: string): PythonError {
  return new PythonError("KeyError", `'${name}'`);
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
  const reason = error.reason;
  // print(e.error) when non-empty, then print(e.trace['formatted']) (which already ends in a newline).
  return (reason ? `${reason}\n` : "") + traceback(error.pyClass, reason) + "\n";
}
