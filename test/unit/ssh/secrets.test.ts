import { inspect } from "util";
import { closeAllConnections, runScript } from "../../../provider/ssh";
import type { Connection } from "../../../provider/types";
import { connectionTo, progressLog, USER } from "./helpers/fixtures";
import { generateKeyPair, reservePort, TestSshServer } from "./helpers/test-server";

const PASSWORD_MARKER = "pw-MARKER-7f3a9c-secret";
const PASSPHRASE_MARKER = "pp-MARKER-51be02-secret";
const JUMP_PASSWORD_MARKER = "jump-MARKER-c0ffee-secret";
const KEY_MARKER = "KEYMARKER0d15ea5eKEYMARKER0d15ea5eKEYMARKER";
const encryptedKey = generateKeyPair(PASSPHRASE_MARKER);
const strangerKey = generateKeyPair();
const bogusKey = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_MARKER}\n-----END OPENSSH PRIVATE KEY-----\n`;

/** Every string whose appearance anywhere in an error would be a leak. */
const SECRETS = [
  PASSWORD_MARKER, PASSPHRASE_MARKER, JUMP_PASSWORD_MARKER, KEY_MARKER,
  ...[encryptedKey.private, strangerKey.private].flatMap((key) => key.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----"))),
];

let server: TestSshServer;
let jump: TestSshServer;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({ users: { [USER]: { password: "the real password", keyboardInteractive: true } } });
  jump = await TestSshServer.start({ users: { jump: { password: "the real jump password" } }, allowForwarding: true });
});
afterEach(async () => {
  server.dropAfterScriptArrives = 0;
  await closeAllConnections();
});
afterAll(async () => {
  await server.close();
  await jump.close();
});

/** Credentials full of markers; none of them is accepted by the test server. */
function leakyConnection(overrides: Partial<Connection> = {}): Connection {
  return connectionTo(server, { password: PASSWORD_MARKER, privateKey: encryptedKey.private, privateKeyPassword: PASSPHRASE_MARKER, ...overrides });
}

const cases: [string, string, () => Promise<Connection>, string?, number?][] = [
  ["SshConnectError", "a refused port", async () => leakyConnection({ port: await reservePort(), dialErrorLimit: 2 })],
  ["SshConnectError", "a refused jump host", async () => leakyConnection({
    proxy: { host: "127.0.0.1", port: await reservePort(), user: "jump", password: JUMP_PASSWORD_MARKER, dialErrorLimit: 1, insecureSkipHostKeyCheck: true },
  })],
  ["SshAuthError", "rejected key and password markers", async () => leakyConnection()],
  ["SshAuthError", "a stranger key and a password marker", async () => leakyConnection({ privateKey: strangerKey.private, privateKeyPassword: undefined })],
  ["SshAuthError", "an unparseable key", async () => leakyConnection({ privateKey: bogusKey })],
  ["SshAuthError", "a wrong passphrase", async () => leakyConnection({ privateKeyPassword: `${PASSPHRASE_MARKER}-wrong` })],
  ["SshAuthError", "a rejected jump password", async () => connectionTo(server, {
    proxy: { host: jump.host, port: jump.port, user: "jump", password: JUMP_PASSWORD_MARKER, hostKey: jump.hostKeyLine },
  })],
  ["HostKeyVerificationError", "a mismatched host key", async () => leakyConnection({ hostKey: generateKeyPair().public })],
  ["SshExecError", "a connection lost mid-script", async () => {
    server.dropAfterScriptArrives = 1;
    return connectionTo(server, { password: "the real password", privateKeyPassword: PASSPHRASE_MARKER });
  }, `echo ${PASSWORD_MARKER}`],
  ["SshTimeoutError", "a script that outlives the timeout", async () => connectionTo(server, {
    password: "the real password", privateKeyPassword: PASSPHRASE_MARKER,
  }), "sleep 5", 200],
];

test.each(cases)("%s from %s contains no secret anywhere", async (name, _how, makeConnection, script = "true", timeoutMs) => {
  const { messages, onProgress } = progressLog();
  const error = await runScript(await makeConnection(), script, { onProgress, timeoutMs }).catch((e: Error) => e);
  expect(error).toMatchObject({ name });
  const texts = [
    (error as Error).message,
    (error as Error).stack ?? "",
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true }),
    String((error as Error).cause),
    ...messages,
  ];
  for (const secret of SECRETS) {
    for (const text of texts) expect(text).not.toContain(secret);
  }
});

test("the marker strings would be detected if they leaked", () => {
  const leaked = new Error(`boom ${PASSWORD_MARKER}`);
  expect(inspect(leaked)).toContain(PASSWORD_MARKER);
  expect(SECRETS.length).toBeGreaterThan(6);
});
