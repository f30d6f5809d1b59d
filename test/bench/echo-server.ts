// An in-process SSH server that answers every exec at once (no process spawn), so the exec
// round trip measured against it is the transport's own cost.
import { Server, utils } from "ssh2";
import type { AddressInfo } from "node:net";

export interface EchoServer {
  host: string;
  port: number;
  privateKey: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1:0; it accepts one generated client key and replies "ok" to every exec. */
export async function startEchoServer(): Promise<EchoServer> {
  const hostKey = utils.generateKeyPairSync("ed25519");
  const client = utils.generateKeyPairSync("ed25519");
  const allowed = utils.parseKey(client.public);
  if (allowed instanceof Error) throw allowed;
  const server = new Server({ hostKeys: [hostKey.private] }, (conn) => {
    conn.on("authentication", (ctx) => {
      if (ctx.method === "publickey" && ctx.key.data.equals(allowed.getPublicSSH())) return ctx.accept();
      ctx.reject(["publickey"]);
    });
    conn.on("ready", () =>
      conn.on("session", (accept) =>
        accept().on("exec", (acc) => {
          const ch = acc();
          ch.on("data", () => {});
          ch.write("ok\n");
          ch.exit(0);
          ch.end();
        }),
      ),
    );
    conn.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    host: "127.0.0.1",
    port: (server.address() as AddressInfo).port,
    privateKey: client.private,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
