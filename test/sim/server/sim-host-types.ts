// Options and handle of a simulated FreeBSD host reachable over SSH.
import type { SimMachine, SimMachineOptions } from "../machine-api";
import type { ExecRecord } from "./exec-records";
import type { LoginShellName } from "./login-shells";
import type { TransportFaults } from "./transport-faults";
import type { ReplayCache } from "./replay-cache";

/** Which SSH server fronts the host. */
export type SimHostMode = "ssh2" | "sshd";

export interface SimHostOptions extends SimMachineOptions {
  /** root's login shell, which interprets every exec command string. Default "sh". */
  loginShell?: LoginShellName;
  /** Also accept this password (ssh2 mode only). */
  password?: string;
  /** Added round-trip latency in ms (see TransportFaults.latencyMs). Default 0. */
  latencyMs?: number;
  /** "ssh2" (default): embedded ssh2 Server. "sshd": real OpenSSH sshd (needs root and /usr/sbin/sshd). */
  mode?: SimHostMode;
  /** Fixed public port on 127.0.0.1 (the CLI's --port). Default: a free port. */
  port?: number;
  /**
   * How long the server side of a connection cut by a lost management path stays open (ms, default 30000).
   * Until then the session's commands keep running and writing, as behind a dead path on a real host; a
   * script still waiting for stdin EOF gets it when this expires, like sshd at its TCP timeout.
   */
  deadConnectionLingerMs?: number;
  /**
   * The bench's cheap host mode (replay.ts): hosts sharing one cache run each distinct script once for real and
   * replay it in process on the others that are in the same state. ssh2 mode only.
   */
  replay?: ReplayCache;
  /** Serve this machine instead of creating one (for tests of the transport itself). */
  machine?: SimMachine;
}

/** A running simulated host: connection details for clients, handles for tests. */
export interface SimHost {
  /** Always "127.0.0.1". */
  readonly host: string;
  readonly port: number;
  /** The login user: "root", or under sshd with a login shell other than root's, `laggsim-<shell>`. */
  readonly user: string;
  /** The accepted client private key (OpenSSH format, unencrypted). */
  readonly privateKey: string;
  /** The same key in a file (mode 0600), for `ssh -i`. */
  readonly privateKeyPath: string;
  /** The host's public key as an authorized_keys / known_hosts key: `ssh-ed25519 AAAA...`. */
  readonly hostKey: string;
  /** `SHA256:...` fingerprint of hostKey, as `ssh-keygen -lf` prints it. */
  readonly fingerprint: string;
  readonly password?: string;
  readonly mode: SimHostMode;
  readonly loginShell: LoginShellName;
  /** The simulated kernel and userland: state, command records, kernel faults. */
  readonly machine: SimMachine;
  /** Every exec request, in completion order. */
  readonly execs: ExecRecord[];
  readonly faults: TransportFaults;
  /** The per-host writable directory sessions see as $LAGG_STATE_DIR. */
  readonly stateDir: string;
  /** Stops the servers, kills the host's processes and removes its temp files. Idempotent. */
  stop(): Promise<void>;
}
