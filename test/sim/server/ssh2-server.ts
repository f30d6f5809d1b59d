// The embedded ssh2 SSH server of a simulated host: authentication and session requests.
import { timingSafeEqual } from "node:crypto";
import { Server, utils, type AuthContext, type Connection, type ServerChannel, type Session } from "ssh2";

/** Who may log in. */
export interface AuthPolicy {
  user: string;
  /** authorized_keys line of the one accepted client key. */
  clientPublicKey: string;
  /** Accepted password, when password authentication is enabled. */
  password?: string;
  /** Checked on every attempt: true rejects everything (the refuseAuth fault). */
  refuseAll(): boolean;
}

/** One exec or shell request on an authenticated connection. */
export interface SessionRequest {
  /** Remote port of the TCP connection, i.e. the front proxy's upstream socket. */
  remotePort: number;
  /** The exec command string; undefined for a shell request. */
  command?: string;
  /** Variables the client sent with `env` requests that sshd's default AcceptEnv (LANG, LC_*) lets through. */
  env: Record<string, string>;
  accept(): ServerChannel;
  reject(): void;
}

/** Starts an ssh2 Server with `hostKey` on a free loopback port; returns it and the port. */
export async function startSsh2Server(
  hostKey: string,
  auth: AuthPolicy,
  onSession: (request: SessionRequest) => void,
): Promise<{ server: Server; port: number }> {
  const allowedKey = utils.parseKey(auth.clientPublicKey);
  if (allowedKey instanceof Error) throw allowedKey;
  const server = new Server({ hostKeys: [hostKey] }, (client, info) => {
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on("error", () => undefined);
    client.on("authentication", (ctx) => authenticate(ctx, auth, allowedKey));
    client.on("ready", () => serveSessions(client, info.port, onSession));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return { server, port: (server.address() as { port: number }).port };
}

function authenticate(ctx: AuthContext, auth: AuthPolicy, allowedKey: ReturnType<typeof utils.parseKey>): void {
  const methods: ("publickey" | "password")[] = auth.password === undefined ? ["publickey"] : ["publickey", "password"];
  if (auth.refuseAll() || ctx.username !== auth.user) return ctx.reject(methods);
  if (ctx.method === "password" && auth.password !== undefined) {
    const given = Buffer.from(ctx.password);
    const expected = Buffer.from(auth.password);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return ctx.accept();
    return ctx.reject(methods);
  }
  if (ctx.method === "publickey" && !(allowedKey instanceof Error)) {
    const sameKey =
      ctx.key.algo === allowedKey.type && Buffer.compare(ctx.key.data, allowedKey.getPublicSSH()) === 0;
    if (!sameKey) return ctx.reject(methods);
    if (!ctx.signature || !ctx.blob) return ctx.accept(); // the client only asks whether the key would do
    if (allowedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
  }
  ctx.reject(methods);
}

const ACCEPTED_ENV = /^(LANG|LC_[A-Z]+)$/;

function serveSessions(client: Connection, remotePort: number, onSession: (r: SessionRequest) => void): void {
  client.on("session", (acceptSession) => {
    const session: Session = acceptSession();
    const env: Record<string, string> = {};
    let used = false;
    session.on("pty", (_accept, reject) => reject?.());
    session.on("x11", (_accept, reject) => reject?.());
    session.on("auth-agent", (_accept, reject) => reject?.());
    session.on("subsystem", (_accept, reject) => reject?.());
    session.on("sftp", (_accept, reject) => reject?.());
    session.on("env", (accept, reject, info) => {
      if (!ACCEPTED_ENV.test(info.key)) return reject?.();
      env[info.key] = info.val;
      accept?.();
    });
    const start = (command: string | undefined, accept: () => ServerChannel, reject: () => void): void => {
      if (used) return reject();
      used = true;
      onSession({ remotePort, command, env, accept, reject });
    };
    session.on("exec", (accept, reject, info) => start(info.command, accept, reject));
    session.on("shell", (accept, reject) => start(undefined, accept, reject));
  });
}
