import { ChildProcess, spawn, spawnSync } from "child_process";
import { existsSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { utils, type ParsedKey } from "ssh2";
import { closeAllConnections, fingerprintOf, runScript, SshAuthError } from "../../../provider/ssh";
import type { Connection } from "../../../provider/types";
import { connectionTo, PASSWORD, USER } from "./helpers/fixtures";
import { generateKeyPair, TestSshServer } from "./helpers/test-server";

const PASSPHRASE = "open sesame";
const key = generateKeyPair();
const encryptedKey = generateKeyPair(PASSPHRASE);
const strangerKey = generateKeyPair();
let server: TestSshServer;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({
    users: {
      [USER]: { password: PASSWORD, publicKeys: [key.public, encryptedKey.public] },
      keyboard: { password: PASSWORD, keyboardInteractive: true, noPasswordMethod: true },
      passwordonly: { password: PASSWORD },
    },
  });
});
afterEach(async () => {
  delete process.env.SSH_AUTH_SOCK;
  await closeAllConnections();
});
afterAll(() => server.close());

/** Auth methods the server saw during `run`, in order. */
async function methodsSeenDuring(run: () => Promise<unknown>): Promise<string[]> {
  const first = server.authAttempts.length;
  await run();
  return server.authAttempts.slice(first).map((attempt) => attempt.method);
}

test.each<[string, Partial<Connection>, string[]]>([
  ["a private key (signed at once: no query first)", { password: undefined, privateKey: key.private }, ["publickey"]],
  ["an encrypted private key and its passphrase", { password: undefined, privateKey: encryptedKey.private, privateKeyPassword: PASSPHRASE }, ["publickey"]],
  ["a password", {}, ["password"]],
  ["a password answering keyboard-interactive", { user: "keyboard" }, ["password", "keyboard-interactive"]],
  ["a key the server refuses, then the password", { user: "passwordonly", privateKey: key.private }, ["publickey", "password"]],
])("authenticates with %s, never probing `none`", async (_name, overrides, expectedMethods) => {
  const methods = await methodsSeenDuring(async () => {
    const result = await runScript(connectionTo(server, overrides), "echo ok");
    expect(result.stdout).toBe("ok\n");
  });
  expect(methods).toEqual(expectedMethods);
});

test.each<[string, Partial<Connection>, RegExp, string[]]>([
  ["a wrong password", { password: "wrong" }, /tried password; the server accepts publickey, password$/, ["password"]],
  ["a key the server does not know", { password: undefined, privateKey: strangerKey.private }, /tried publickey with key SHA256:\S+ \(ssh-ed25519\); the server accepts publickey, password$/, ["publickey"]],
  ["a wrong keyboard-interactive answer", { user: "keyboard", password: "wrong" }, /tried password, keyboard-interactive; the server accepts keyboard-interactive$/, ["password", "keyboard-interactive"]],
])("%s fails with SshAuthError after one connection (not retried)", async (_name, overrides, message, tried) => {
  const before = server.connections;
  const error = await runScript(connectionTo(server, overrides), "true").catch((e: Error) => e);
  expect(error).toMatchObject({
    name: "SshAuthError",
    message: expect.stringMatching(new RegExp(`^authentication failed for ${overrides.user ?? USER}@127\\.0\\.0\\.1:${server.port}: `)),
  });
  expect(error).toBeInstanceOf(SshAuthError);
  expect((error as Error).message).toMatch(message);
  expect(error).toMatchObject({ methodsTried: tried, port: server.port });
  expect(server.connections).toBe(before + 1);
});

test.each<[string, Partial<Connection>, RegExp]>([
  ["no credentials at all", { password: undefined }, /no authentication method is configured/],
  ["an encrypted key without passphrase", { password: undefined, privateKey: encryptedKey.private }, /encrypted and no privateKeyPassword is set/],
  ["an encrypted key with a wrong passphrase", { password: undefined, privateKey: encryptedKey.private, privateKeyPassword: "nope" }, /privateKeyPassword does not decrypt it/],
  ["a malformed key", { password: undefined, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----" }, /malformed or in an unsupported format/],
])("%s fails with SshAuthError before connecting", async (_name, overrides, message) => {
  const before = server.connections;
  const error = await runScript(connectionTo(server, overrides), "true").catch((e: Error) => e);
  expect(error).toMatchObject({ name: "SshAuthError", message: expect.stringMatching(message) });
  expect(error).toBeInstanceOf(SshAuthError);
  expect(server.connections).toBe(before);
});

describe("ssh-agent", () => {
  const dir = mkdtempSync(join(tmpdir(), "ssh-agent-test-"));
  const socketPath = join(dir, "agent.sock");
  let agent: ChildProcess;

  beforeAll(async () => {
    agent = spawn("/usr/bin/ssh-agent", ["-D", "-a", socketPath], { stdio: "ignore" });
    for (let waited = 0; !existsSync(socketPath); waited += 20) {
      if (waited > 5000) throw new Error("ssh-agent did not create its socket");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const keyFile = join(dir, "id_ed25519");
    writeFileSync(keyFile, key.private, { mode: 0o600 });
    // The socket file appears before the agent listens on it: retry while ssh-add cannot connect (status 2).
    for (let waited = 0; ; waited += 50) {
      const added = spawnSync("/usr/bin/ssh-add", [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socketPath }, encoding: "utf8" });
      if (added.status === 0) break;
      if (waited > 5000) throw new Error(`ssh-add failed: ${added.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(() => {
    agent.kill();
  });

  test.each<[string, () => Partial<Connection>]>([
    ["agentSocketPath", () => ({ password: undefined, agentSocketPath: socketPath })],
    ["SSH_AUTH_SOCK read at call time", () => {
      process.env.SSH_AUTH_SOCK = socketPath;
      return { password: undefined };
    }],
  ])("authenticates through a real ssh-agent found via %s", async (_name, overrides) => {
    const methods = await methodsSeenDuring(async () => {
      const result = await runScript(connectionTo(server, overrides()), "echo agent");
      expect(result.stdout).toBe("agent\n");
    });
    expect(methods).toEqual(["publickey", "publickey"]);
  });

  test("an agent without the right key falls through to the password", async () => {
    const methods = await methodsSeenDuring(async () => {
      const result = await runScript(connectionTo(server, { user: "passwordonly", agentSocketPath: socketPath }), "echo ok");
      expect(result.stdout).toBe("ok\n");
    });
    expect(methods).toEqual(["password"]);
  });

  test("an agent whose keys the server refuses: the error names the agent's key fingerprints", async () => {
    const agentKey = utils.parseKey(key.private) as ParsedKey;
    const fingerprint = `${fingerprintOf(agentKey.getPublicSSH())} (ssh-ed25519)`;
    const error = await runScript(connectionTo(server, { user: "keyboard", password: undefined, agentSocketPath: socketPath }), "true").catch((e: Error) => e);
    expect(error).toBeInstanceOf(SshAuthError);
    expect(error).toMatchObject({ methodsTried: ["agent"], keyFingerprints: [fingerprint] });
    expect((error as Error).message).toBe(`authentication failed for keyboard@127.0.0.1:${server.port}: tried agent; the agent's keys: ${fingerprint}`);
  });
});
