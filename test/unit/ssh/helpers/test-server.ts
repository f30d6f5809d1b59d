// A real ssh2 Server on 127.0.0.1 for transport tests: key, password and keyboard-interactive auth, exec through
// a real `/bin/sh -c`, optional jump-host forwarding, a switchable host key, and faults on demand.
import * as net from "net";
import { Server, utils } from "ssh2";
import type { AuthContext, Connection as ServerClient, ParsedKey } from "ssh2";
import { answerInProcess, delayWrites, ExecAnswer, holdThenServe, runShell } from "./server-io";

import { generateKeyPair } from "./keys";

export { generateKeyPair, generateTypedKeyPair } from "./keys";
export type { KeyPair } from "./keys";

/** Credentials a user of the test server accepts. */
export interface TestUser {
  password?: string;
  /** authorized_keys lines. */
  publicKeys?: string[];
  /** Accept keyboard-interactive, answered with `password`. */
  keyboardInteractive?: boolean;
  /** Refuse the `password` method (so only keyboard-interactive can use the password). */
  noPasswordMethod?: boolean;
}

/** Construction options of {@link TestSshServer}. */
export interface TestServerOptions {
  users: Record<string, TestUser>;
  /** Private host key (OpenSSH format); a fresh ed25519 key when omitted. */
  hostKey?: string;
  /** Port to listen on (for "the host comes up late" tests); 0 = any free port. */
  port?: number;
  /** Allow direct-tcpip forwarding to 127.0.0.1, i.e. act as a jump host. */
  allowForwarding?: boolean;
  /** Answer execs in process instead of spawning a shell (measures the protocol alone). */
  answerExec?: ExecAnswer;
  /** Set TCP_NODELAY on accepted sockets (default true; false mimics sshd for non-pty exec sessions). */
  noDelay?: boolean;
}

/** One authentication request the server received. */
export interface AuthAttempt {
  method: string;
  username: string;
  /** publickey only: whether the request carried a signature (false: the client only asked whether the key would do). */
  signed?: boolean;
}

/** A free loopback port, released again (for a server that starts listening later). */
export async function reservePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export class TestSshServer {
  readonly host = "127.0.0.1";
  port = 0;
  /** TCP connections accepted. */
  connections = 0;
  authAttempts: AuthAttempt[] = [];
  /** Commands exec'd, in order. */
  execs: string[] = [];
  /** Destinations forwarded to (as a jump host). */
  forwards: string[] = [];
  /** Hold each new connection this long before the SSH banner (a slow handshake). */
  handshakeDelayMs = 0;
  /** Delay every byte the server sends by this much (added round-trip latency). */
  replyLatencyMs = 0;
  /** Refuse this many upcoming session channel opens. */
  rejectSessions = 0;
  /** The user's login shell: exec requests run as `<loginShell> -c <command>`, as sshd runs them. */
  loginShell = "/bin/sh";
  /** Session channels opened (accepted). */
  sessionOpens = 0;
  /** Session channels accepted with nothing requested on them yet. */
  private readonly idle = new Set<{ close(): void }>();
  /** Never answer the next N session channel opens (a host that stopped responding, before any request). */
  stallSessionOpens = 0;
  /** Never answer the next N exec requests (a host that stopped responding). */
  stallExecRequests = 0;
  /** Cut the TCP connection when the next N exec requests arrive (recorded, never answered). */
  dropAtExecRequest = 0;
  /** Cut the TCP connection of the next N execs once the script's first bytes have arrived on stdin. */
  dropAfterScriptArrives = 0;
  /** Cut the TCP connection of the next exec whose stdin carries this text (a conversation's second part), once it arrived. */
  dropWhenStdinIncludes?: string;
  /** Public host key as an authorized_keys line, and its blob (the first key when there are several). */
  hostKeyLine = "";
  hostKeyBlob: Buffer = Buffer.alloc(0);
  /** Every host key the server offers, as authorized_keys lines. */
  hostKeyLines: string[] = [];

  private readonly listener = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();
  private ssh!: Server;

  private constructor(private readonly options: TestServerOptions) {
    this.setHostKey(options.hostKey ?? generateKeyPair().private);
  }

  static async start(options: TestServerOptions): Promise<TestSshServer> {
    const server = new TestSshServer(options);
    await new Promise<void>((resolve, reject) => {
      server.listener.once("error", reject);
      server.listener.listen(options.port ?? 0, "127.0.0.1", resolve);
    });
    server.port = (server.listener.address() as net.AddressInfo).port;
    return server;
  }

  /** Offers these host keys (private, OpenSSH format) to connections made from now on. */
  setHostKey(...privateKeys: string[]): void {
    const parsed = privateKeys.map((key) => utils.parseKey(key) as ParsedKey);
    this.hostKeyLines = parsed.map((key) => `${key.type} ${key.getPublicSSH().toString("base64")}`);
    this.hostKeyBlob = parsed[0].getPublicSSH();
    this.hostKeyLine = this.hostKeyLines[0];
    this.ssh = new Server({ hostKeys: privateKeys }, (client) => this.serve(client));
  }

  /** TCP connections currently open. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Session channels with nothing requested on them yet. */
  get idleSessions(): number {
    return this.idle.size;
  }

  /** Closes every session channel that has nothing requested on it yet (a server reaping unused sessions). */
  closeIdleSessions(): void {
    for (const session of [...this.idle]) session.close();
  }

  /** Cuts every open TCP connection abruptly. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise((resolve) => this.listener.close(resolve));
  }

  private accept(socket: net.Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    socket.setNoDelay(this.options.noDelay ?? true);
    if (this.replyLatencyMs > 0) delayWrites(socket, this.replyLatencyMs);
    const ssh = this.ssh;
    if (this.handshakeDelayMs > 0) holdThenServe(socket, this.handshakeDelayMs, () => ssh.injectSocket(socket));
    else ssh.injectSocket(socket);
  }

  private serve(client: ServerClient): void {
    client.on("error", () => undefined);
    client.on("authentication", (context) => this.authenticate(context));
    client.on("session", (accept, reject) => {
      if (this.stallSessionOpens > 0) {
        this.stallSessionOpens--;
        return;
      }
      if (this.rejectSessions > 0) {
        this.rejectSessions--;
        return reject();
      }
      this.sessionOpens++;
      const session = accept();
      // A session with no request yet has no channel object in ssh2's server: close it at the protocol level.
      const internals = session as unknown as { _chanInfo: { outgoing: { id: number; state: string } } };
      const protocol = (client as unknown as { _protocol: { channelClose(id: number): void } })._protocol;
      // ssh2's server keeps dispatching requests on a session it closed this way; a real server has forgotten it.
      let closedHere = false;
      const idle = {
        close: () => {
          closedHere = true;
          internals._chanInfo.outgoing.state = "closed";
          protocol.channelClose(internals._chanInfo.outgoing.id);
          this.idle.delete(idle);
        },
      };
      this.idle.add(idle);
      session.on("close", () => this.idle.delete(idle));
      session.on("exec", (acceptExec, _reject, info) => {
        if (closedHere) return;
        this.idle.delete(idle);
        this.execs.push(info.command);
        const socket = (client as unknown as { _sock: net.Socket })._sock;
        if (this.stallExecRequests > 0) {
          this.stallExecRequests--;
          return;
        }
        if (this.dropAtExecRequest > 0) {
          this.dropAtExecRequest--;
          return socket.destroy();
        }
        const channel = acceptExec();
        if (this.dropAfterScriptArrives > 0) {
          this.dropAfterScriptArrives--;
          return channel.once("data", () => socket.destroy());
        }
        const cutAt = this.dropWhenStdinIncludes;
        if (cutAt !== undefined) {
          let seen = "";
          channel.on("data", (chunk: Buffer) => {
            seen += chunk.toString("utf8");
            if (this.dropWhenStdinIncludes !== cutAt || !seen.includes(cutAt)) return;
            this.dropWhenStdinIncludes = undefined;
            socket.destroy();
          });
        }
        if (this.options.answerExec) answerInProcess(channel, info.command, this.options.answerExec);
        else runShell(channel, this.loginShell, info.command);
      });
    });
    client.on("tcpip", (accept, reject, info) => {
      if (!this.options.allowForwarding || !["127.0.0.1", "localhost"].includes(info.destIP)) return reject();
      this.forwards.push(`${info.destIP}:${info.destPort}`);
      const upstream = net.connect({ host: "127.0.0.1", port: info.destPort, noDelay: true });
      upstream.once("error", () => reject());
      upstream.once("connect", () => {
        const channel = accept();
        channel.pipe(upstream).pipe(channel);
        upstream.on("close", () => channel.destroy());
      });
    });
  }

  private authenticate(context: AuthContext): void {
    this.authAttempts.push({
      method: context.method, username: context.username,
      ...(context.method === "publickey" && { signed: context.signature !== undefined }),
    });
    const user = this.options.users[context.username];
    if (!user) return context.reject();
    switch (context.method) {
      case "password":
        if (!user.noPasswordMethod && user.password !== undefined && context.password === user.password) return context.accept();
        break;
      case "keyboard-interactive":
        if (!user.keyboardInteractive) break;
        return context.prompt([{ prompt: "Password: ", echo: false }], "login", "", (answers) => {
          if (answers[0] === user.password) context.accept();
          else context.reject(methodsOf(user));
        });
      case "publickey": {
        const allowed = (user.publicKeys ?? []).map((line) => utils.parseKey(line) as ParsedKey)
          .find((key) => key.getPublicSSH().equals(context.key.data));
        if (!allowed) break;
        if (!context.signature) return context.accept();
        if (allowed.verify(context.blob as Buffer, context.signature, context.hashAlgo) === true) return context.accept();
        break;
      }
    }
    context.reject(methodsOf(user));
  }
}

function methodsOf(user: TestUser): AuthContext["method"][] {
  const methods: AuthContext["method"][] = [];
  if (user.publicKeys?.length) methods.push("publickey");
  if (user.password !== undefined && !user.noPasswordMethod) methods.push("password");
  if (user.keyboardInteractive) methods.push("keyboard-interactive");
  return methods;
}
