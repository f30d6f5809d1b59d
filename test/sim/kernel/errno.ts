// FreeBSD errno numbers and strerror(3) texts, and the error the kernel model throws.

/** errno name -> [number, strerror text] as FreeBSD's libc prints them. */
const ERRNO_TABLE = {
  EPERM: [1, "Operation not permitted"],
  ENOENT: [2, "No such file or directory"],
  EIO: [5, "Input/output error"],
  ENXIO: [6, "Device not configured"],
  E2BIG: [7, "Argument list too long"],
  ENOMEM: [12, "Cannot allocate memory"],
  EACCES: [13, "Permission denied"],
  EBUSY: [16, "Device busy"],
  EEXIST: [17, "File exists"],
  ENODEV: [19, "Operation not supported by device"],
  EINVAL: [22, "Invalid argument"],
  ENOSPC: [28, "No space left on device"],
  EAGAIN: [35, "Resource temporarily unavailable"],
  EPROTONOSUPPORT: [43, "Protocol not supported"],
  EOPNOTSUPP: [45, "Operation not supported"],
  EAFNOSUPPORT: [47, "Address family not supported by protocol family"],
  EADDRINUSE: [48, "Address already in use"],
  EADDRNOTAVAIL: [49, "Can't assign requested address"],
  ENETDOWN: [50, "Network is down"],
  ENETUNREACH: [51, "Network is unreachable"],
  ENOBUFS: [55, "No buffer space available"],
  ETIMEDOUT: [60, "Operation timed out"],
  ENAMETOOLONG: [63, "File name too long"],
  EHOSTUNREACH: [65, "No route to host"],
} as const;

/** An errno name known to the simulator (EBUSY, EINVAL, ...). */
export type ErrnoName = keyof typeof ERRNO_TABLE;

/** True when `name` is an errno name the simulator knows. */
export function isErrnoName(name: string): name is ErrnoName {
  return Object.prototype.hasOwnProperty.call(ERRNO_TABLE, name);
}

/** strerror(3) text for an errno name, e.g. EBUSY -> "Device busy". */
export function strerror(name: ErrnoName): string {
  return ERRNO_TABLE[name][1];
}

/** The numeric errno value (FreeBSD numbering). */
export function errnoNumber(name: ErrnoName): number {
  return ERRNO_TABLE[name][0];
}

/** A failed kernel operation: what an ioctl(2) would have returned in errno. */
export class KernelError extends Error {
  constructor(
    readonly errno: ErrnoName,
    detail?: string,
  ) {
    super(detail ? `${errno}: ${detail}` : errno);
    this.name = "KernelError";
  }

  /** The strerror(3) text ifconfig's err()/warnx() would print. */
  get text(): string {
    return strerror(this.errno);
  }
}

/** Throws KernelError(errno) when `condition` is false. */
export function check(condition: unknown, errno: ErrnoName, detail?: string): asserts condition {
  if (!condition) throw new KernelError(errno, detail);
}
