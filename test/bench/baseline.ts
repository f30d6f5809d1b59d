// The way `@pulumi/command` users manage a lagg today, for comparison: a fresh SSH connection per
// command (remote.Command dials for every create), ssh2 defaults (no TCP_NODELAY, auth probing),
// waiting for the channel's close.
import { Client } from "ssh2";

export interface HostLogin {
  host: string;
  port: number;
  user: string;
  privateKey: string;
}

/** Runs one command on a fresh connection with ssh2's defaults; resolves on channel close. */
export function execOnFreshConnection(login: HostLogin, command: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on("ready", () => {
      c.exec(command, (err, ch) => {
        if (err) return reject(err);
        let code: number | null = null;
        ch.on("exit", (x: number | null) => (code = x));
        ch.on("data", () => {});
        ch.stderr.on("data", () => {});
        ch.on("close", () => {
          c.end();
          resolve(code);
        });
      });
    });
    c.on("error", reject);
    c.connect({ host: login.host, port: login.port, username: login.user, privateKey: login.privateKey, hostVerifier: () => true });
  });
}

/** A warm connection with ssh2's defaults, for the exec round-trip baseline. */
export async function defaultClient(login: HostLogin): Promise<{ exec(cmd: string): Promise<void>; end(): void }> {
  const c = new Client();
  await new Promise<void>((resolve, reject) => {
    c.on("ready", () => resolve()).on("error", reject);
    c.connect({ host: login.host, port: login.port, username: login.user, privateKey: login.privateKey, hostVerifier: () => true });
  });
  return {
    exec: (cmd) =>
      new Promise((resolve, reject) =>
        c.exec(cmd, (err, ch) => {
          if (err) return reject(err);
          ch.on("data", () => {});
          ch.stderr.on("data", () => {});
          ch.on("close", () => resolve());
        }),
      ),
    end: () => c.end(),
  };
}
