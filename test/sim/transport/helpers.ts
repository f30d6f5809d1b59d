// Shared helpers of the transport tests: a real ssh2 Client against a simulated host.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type ClientChannel, type ConnectConfig } from "ssh2";
import { startSimHost } from "../index";
import type { SimHost, SimHostOptions } from "../server/sim-host-types";

/** Starts a host for a test; every host started here is stopped by `stopAllHosts` (call it in afterEach/afterAll). */
const running: SimHost[] = [];
export async function startHost(options: SimHostOptions = {}): Promise<SimHost> {
  const host = await startSimHost(options);
  running.push(host);
  return host;
}

export async function stopAllHosts(): Promise<void> {
  await Promise.all(running.splice(0).map((h) => h.stop()));
}

/**
 * Connects a real ssh2 Client, verifying the host key against the advertised one unless told otherwise, with
 * TCP_NODELAY as the provider sets it (without it a script's EOF can trail its data by a delayed-ACK period).
 */
export function connect(host: SimHost, overrides: Partial<ConnectConfig> = {}): Promise<Client> {
  const client = new Client();
  return new Promise((resolve, reject) => {
    client.once("ready", () => resolve(client));
    client.once("error", reject);
    client.once("close", () => reject(new Error("connection closed before the handshake completed")));
    client.on("error", () => undefined); // later errors (a cut connection) surface through exec and close
    client.connect({
      host: host.host,
      port: host.port,
      username: host.user,
      privateKey: host.privateKey,
      readyTimeout: 20_000,
      hostVerifier: (key: Buffer) => key.toString("base64") === host.hostKey.split(" ")[1],
      ...overrides,
    });
    client.setNoDelay(true);
  });
}

/** What one exec returned. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal?: string;
}

/** Runs one exec, optionally feeding stdin (then EOF), and collects everything until the channel closes. */
export function exec(client: Client, command: string, stdin?: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error: Error | undefined, channel: ClientChannel) => {
      if (error) return reject(error);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let code: number | null = null;
      let signal: string | undefined;
      channel.on("data", (d: Buffer) => out.push(d));
      channel.stderr.on("data", (d: Buffer) => err.push(d));
      channel.on("exit", (c: number | null, s?: string) => {
        code = c;
        signal = s ?? undefined;
      });
      channel.on("close", () =>
        resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code, signal }),
      );
      if (stdin !== undefined) channel.end(stdin);
    });
  });
}

/** Resolves when the client's connection closes (or has closed). */
export function closed(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const sock = (client as unknown as { _sock?: { destroyed?: boolean } })._sock;
    if (sock?.destroyed) return resolve();
    client.once("close", () => resolve());
  });
}

/** POSIX single-quoting, as the provider quotes every word it puts in a script. */
export function shq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs `ssh -i <privateKeyPath> -p <port> -o UserKnownHostsFile=<file> <user>@127.0.0.1 <command>`, with the
 * known_hosts file holding `[127.0.0.1]:<port> <hostKey>`: exactly how a user would use printed details. */
export function runOpenSsh(
  details: Pick<SimHost, "port" | "user" | "privateKeyPath" | "hostKey">,
  command: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "laggsim-known-hosts-"));
  const knownHosts = join(dir, "known_hosts");
  writeFileSync(knownHosts, `[127.0.0.1]:${details.port} ${details.hostKey}\n`);
  const args = ["-i", details.privateKeyPath, "-p", String(details.port), "-o", `UserKnownHostsFile=${knownHosts}`];
  return new Promise((resolve) => {
    const child = execFile("ssh", [...args, `${details.user}@127.0.0.1`, command], { timeout: 30_000 }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** True once `pid` has exited (a zombie waiting for a reaper counts as exited). */
export function processGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].startsWith("Z");
  } catch {
    return true;
  }
}

/** Polls `condition` until it holds (exceptions count as "not yet"). */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (condition()) return;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
