// A host that accepts TCP and never speaks SSH, and a key the server refuses: both fail at once, and say why.
import * as net from "net";
import { closeAllConnections, runScript, SshAuthError, SshConnectError } from "../../../provider/ssh";
import { fingerprintOf } from "../../../provider/ssh/fingerprint";
import { utils, type ParsedKey } from "ssh2";
import { connectionTo, USER } from "./helpers/fixtures";
import { generateKeyPair, TestSshServer } from "./helpers/test-server";

const sockets: net.Socket[] = [];
let silent: net.Server;
let silentPort: number;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  // Accepts every connection and never writes a byte: a wedged sshd, or a port that is not SSH at all.
  silent = net.createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
});
afterEach(() => closeAllConnections());
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

test.each([
  ["the default dialErrorLimit", undefined],
  ["an unlimited dialErrorLimit", -1],
])("a silent server fails after one perDialTimeout with %s, naming the silence", async (_name, dialErrorLimit) => {
  const accepted = sockets.length;
  const error = await runScript({ host: "127.0.0.1", port: silentPort, user: USER, password: "x", insecureSkipHostKeyCheck: true, perDialTimeout: 0.3, dialErrorLimit }, "true")
    .catch((e: Error) => e);
  expect(error).toBeInstanceOf(SshConnectError);
  expect(error).toMatchObject({ attempts: 1 });
  expect((error as Error).message).toBe(
    `could not connect to root@127.0.0.1:${silentPort} after 1 attempt: the host accepted the TCP connection but did not complete ` +
      "the SSH handshake within 300 ms (perDialTimeout); a silent or overloaded sshd, or not an SSH server on that port; not retried",
  );
  expect(sockets.length - accepted).toBe(1);
});

describe("a key the server refuses", () => {
  const known = generateKeyPair();
  const wrong = generateKeyPair();
  let server: TestSshServer;
  beforeAll(async () => {
    server = await TestSshServer.start({ users: { [USER]: { publicKeys: [known.public] } } });
  });
  afterAll(() => server.close());

  test("is named by its fingerprint (never by its material), with the methods tried and accepted", async () => {
    const parsed = utils.parseKey(wrong.private) as ParsedKey;
    const fingerprint = fingerprintOf(parsed.getPublicSSH());
    const error = await runScript(connectionTo(server, { password: undefined, privateKey: wrong.private }), "true").catch((e: Error) => e);
    expect(error).toBeInstanceOf(SshAuthError);
    expect((error as Error).message).toBe(
      `authentication failed for root@127.0.0.1:${server.port}: tried publickey with key ${fingerprint} (ssh-ed25519); the server accepts publickey`,
    );
    expect(error).toMatchObject({ methodsTried: ["publickey"], keyFingerprints: [`${fingerprint} (ssh-ed25519)`] });
    const body = wrong.private.split("\n").slice(1, -2).join("");
    expect((error as Error).message).not.toContain(body.slice(0, 20));
    expect((error as Error).message).not.toContain(wrong.public.split(" ")[1]);
  });
});
