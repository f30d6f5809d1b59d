// The loopback TCP server that command shims and the sshd session wrapper talk to (one per Node process).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import type { CommandResult } from "../machine-api";
import {
  encodeFields,
  encodeOutputField,
  encodeRunReply,
  NulFieldReader,
  parseExecEnd,
  parseRequest,
  type ExecEndRequest,
  type ExecStartRequest,
  type RunRequest,
} from "./control-protocol";
import { readEnviron } from "./proc-environ";

/** What an sshd-wrapped exec learns when it starts, and how it reports its end. */
export interface WrappedExec {
  sessionId: string;
  clientIp: string;
  clientPort: number;
  /** Called with the end report; resolves when the wrapper may exit (after any fault has cut the connection). */
  finish(end: ExecEndRequest, stdin: string): Promise<void>;
}

/** One simulated host as the control server sees it. */
export interface ControlHost {
  /** Directory for this host's shim I/O files (stdin captures, spilled replies); nothing outside it is read. */
  readonly ioDir: string;
  runCommand(run: RunRequest, env: Record<string, string>, stdin: string): Promise<CommandResult>;
  /** An sshd session began an exec; undefined means the connection was cut and the command must not run. */
  beginWrappedExec(start: ExecStartRequest, env: Record<string, string>): WrappedExec | undefined;
}

/** Multiplexes every registered host over one listening socket on 127.0.0.1. */
export class ControlServer {
  private readonly hosts = new Map<string, ControlHost>();
  private readonly sockets = new Set<Socket>();
  private spillCounter = 0;

  private constructor(
    private readonly server: Server,
    /** The TCP port the shims connect to. */
    readonly port: number,
  ) {}

  /** Starts a control server on a free loopback port. */
  static async start(): Promise<ControlServer> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const control = new ControlServer(server, (server.address() as { port: number }).port);
    server.on("connection", (socket) => control.serve(socket));
    return control;
  }

  register(hostId: string, host: ControlHost): void {
    this.hosts.set(hostId, host);
  }

  unregister(hostId: string): void {
    this.hosts.delete(hostId);
  }

  get hostCount(): number {
    return this.hosts.size;
  }

  /** Stops listening and drops every open shim connection (a shim of a dead session must not hold it open). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.sockets.forEach((socket) => socket.destroy());
    await closed;
  }

  private serve(socket: Socket): void {
    const reader = new NulFieldReader();
    const spilled: string[] = [];
    let busy = false;
    this.sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.sockets.delete(socket);
      spilled.forEach((path) => rmSync(path, { force: true }));
    });
    socket.on("data", (chunk) => {
      reader.push(chunk);
      if (busy) return;
      try {
        const request = parseRequest(reader);
        if (!request) return;
        busy = true;
        if (request.kind === "run") void this.answerRun(socket, request.run, spilled);
        else this.answerExec(socket, reader, request.start);
      } catch {
        socket.destroy();
      }
    });
  }

  private async answerRun(socket: Socket, run: RunRequest, spilled: string[]): Promise<void> {
    const host = this.hosts.get(run.hostId);
    let result: CommandResult;
    if (!host) {
      result = { stdout: "", stderr: `${run.command}: simulated host ${run.hostId} is gone\n`, exitCode: 70 };
    } else {
      try {
        const stdin = takeFile(host.ioDir, run.stdinPath);
        result = await host.runCommand(run, readEnviron(run.pid), stdin);
      } catch (error) {
        result = { stdout: "", stderr: `${run.command}: simulator error: ${String(error)}\n`, exitCode: 70 };
      }
    }
    const spill = (bytes: Buffer): string => {
      const path = join(host?.ioDir ?? "/nonexistent", `reply.${process.pid}.${++this.spillCounter}`);
      writeFileSync(path, bytes);
      spilled.push(path);
      return path;
    };
    const reply = encodeRunReply(
      result.exitCode,
      encodeOutputField(result.stderr, spill),
      encodeOutputField(result.stdout, spill),
    );
    if (!socket.destroyed) socket.write(reply);
  }

  private answerExec(socket: Socket, reader: NulFieldReader, start: ExecStartRequest): void {
    const host = this.hosts.get(start.hostId);
    const exec = host?.beginWrappedExec(start, readEnviron(start.pid));
    if (!host || !exec) {
      socket.end(encodeFields(["cut"]));
      return;
    }
    socket.write(encodeFields(["ok", exec.sessionId, exec.clientIp, String(exec.clientPort)]));
    const onEnd = (): void => {
      const end = parseExecEnd(reader);
      if (!end) return;
      socket.off("data", onEnd);
      const stdin = takeFile(host.ioDir, end.stdinPath);
      void exec.finish(end, stdin).then(() => socket.end(encodeFields(["ok"])));
    };
    socket.on("data", onEnd);
    onEnd();
  }
}

/** Reads and removes a file the shim left in the host's I/O dir; "" for no path or a path outside it. */
function takeFile(ioDir: string, path: string): string {
  if (path === "" || !path.startsWith(`${ioDir}/`) || path.includes("/../")) return "";
  try {
    return readFileSync(path, "utf8");
  } finally {
    rmSync(path, { force: true });
  }
}

let shared: Promise<ControlServer> | undefined;
let users = 0;

/** The process-wide control server, started on first use. Pair every call with releaseControlServer(). */
export function acquireControlServer(): Promise<ControlServer> {
  users += 1;
  shared ??= ControlServer.start();
  return shared;
}

/** Drops one user of the shared control server; the last one closes it (so test processes can exit). */
export async function releaseControlServer(): Promise<void> {
  users -= 1;
  if (users > 0 || !shared) return;
  const closing = shared;
  shared = undefined;
  await (await closing).close();
}
