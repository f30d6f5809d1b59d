import { createHmac, randomBytes } from "crypto";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { closeAllConnections, fingerprintOf, HostKeyVerificationError, runScript } from "../../../provider/ssh";
import type { Connection } from "../../../provider/types";
import { connectionTo, PASSWORD, USER } from "./helpers/fixtures";
import { generateKeyPair, generateTypedKeyPair, TestSshServer } from "./helpers/test-server";

let server: TestSshServer;
const dir = mkdtempSync(join(tmpdir(), "ssh-host-key-"));
const otherKey = generateKeyPair().public;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
});
afterEach(() => closeAllConnections());
afterAll(() => server.close());

function knownHosts(...lines: string[]): string {
  const path = join(dir, `known_hosts_${randomBytes(4).toString("hex")}`);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

const bracketed = () => `[127.0.0.1]:${server.port}`;

test.each<[string, () => Partial<Connection>]>([
  ["an authorized_keys line with a comment", () => ({ hostKey: `${server.hostKeyLine} root@nas1` })],
  ["a SHA256 fingerprint", () => ({ hostKey: fingerprintOf(server.hostKeyBlob) })],
  ["a padded SHA256 fingerprint", () => ({ hostKey: fingerprintOf(server.hostKeyBlob) + "=" })],
  ["known_hosts with [host]:port", () => ({ hostKey: undefined, knownHostsPath: knownHosts(`${bracketed()} ${server.hostKeyLine}`) })],
  ["known_hosts with a hashed entry", () => ({ hostKey: undefined, knownHostsPath: knownHosts(`${hashed(bracketed())} ${server.hostKeyLine}`) })],
  ["known_hosts with comma-separated and wildcard patterns", () => ({
    hostKey: undefined,
    knownHostsPath: knownHosts("# comment", "", `nas9,[127.0.0.*]:${server.port} ${server.hostKeyLine}`),
  })],
  ["known_hosts listing several key types for the host", () => ({
    hostKey: undefined,
    knownHostsPath: knownHosts(`${bracketed()} ${otherKey}`, `${bracketed()} ${server.hostKeyLine}`),
  })],
  ["insecureSkipHostKeyCheck and no key", () => ({ hostKey: undefined, insecureSkipHostKeyCheck: true })],
])("the host key is accepted via %s", async (_name, overrides) => {
  const result = await runScript(connectionTo(server, overrides()), "echo ok");
  expect(result.stdout).toBe("ok\n");
});

test.each<[string, () => Partial<Connection>, () => RegExp]>([
  ["another key as authorized_keys line", () => ({ hostKey: otherKey }),
    () => new RegExp(`but the configured hostKey is ${escape(fingerprintOf(Buffer.from(otherKey.split(" ")[1], "base64")))} \\(ssh-ed25519\\)`)],
  ["another fingerprint", () => ({ hostKey: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
    () => /but the configured hostKey is SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$/],
  ["a known_hosts file without the host", () => ({ hostKey: undefined, knownHostsPath: knownHosts(`nas1 ${server.hostKeyLine}`) }),
    () => new RegExp(`but \\[127\\.0\\.0\\.1\\]:${server.port} is not in .*known_hosts_`)],
  ["a known_hosts entry for the host on another port", () => ({ hostKey: undefined, knownHostsPath: knownHosts(`127.0.0.1 ${server.hostKeyLine}`) }),
    () => /is not in/],
  ["a known_hosts file with another key for the host", () => ({ hostKey: undefined, knownHostsPath: knownHosts(`${bracketed()} ${otherKey}`) }),
    () => /lists SHA256:\S+ \(ssh-ed25519\) for \[127\.0\.0\.1\]:\d+$/],
  ["a negated pattern", () => ({ hostKey: undefined, knownHostsPath: knownHosts(`[127.0.0.*]:*,!${bracketed()} ${server.hostKeyLine}`) }),
    () => /is not in/],
  ["a key marked @revoked", () => ({
    hostKey: undefined,
    knownHostsPath: knownHosts(`${bracketed()} ${server.hostKeyLine}`, `@revoked * ${server.hostKeyLine}`),
  }), () => /marks @revoked for \[127\.0\.0\.1\]/],
  ["no hostKey and no knownHostsPath", () => ({ hostKey: undefined }), () => /no hostKey or knownHostsPath is configured/],
])("the host key is refused with %s: before authentication, not retried, naming the fingerprint seen", async (_name, overrides, reason) => {
  const before = { auth: server.authAttempts.length, connections: server.connections };
  const error = await runScript(connectionTo(server, overrides()), "echo ok").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HostKeyVerificationError);
  const message = (error as Error).message;
  expect(message).toContain(`host key verification failed for 127.0.0.1:${server.port}: the host presented ${fingerprintOf(server.hostKeyBlob)} (ssh-ed25519)`);
  expect(message).toMatch(reason());
  expect(error).toMatchObject({ host: "127.0.0.1", port: server.port, presentedFingerprint: fingerprintOf(server.hostKeyBlob) });
  expect(server.authAttempts.length).toBe(before.auth);
  expect(server.connections).toBe(before.connections + 1);
});

test.each<[string, Partial<Connection>, RegExp]>([
  ["an unparseable hostKey", { hostKey: "ssh-ed25519 not-base64!" }, /neither an authorized_keys line/],
  ["a missing known_hosts file", { hostKey: undefined, knownHostsPath: "/nonexistent/known_hosts" }, /knownHostsPath \/nonexistent\/known_hosts cannot be read \(ENOENT\)/],
])("%s fails without connecting", async (_name, overrides, reason) => {
  const before = server.connections;
  await expect(runScript(connectionTo(server, overrides), "true")).rejects.toThrow(reason);
  expect(server.connections).toBe(before);
});

test("a host whose key changes is refused with the new and the pinned fingerprint", async () => {
  const changing = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
  try {
    const pinned = connectionTo(changing);
    const originalFingerprint = fingerprintOf(changing.hostKeyBlob);
    await runScript(pinned, "true");
    await closeAllConnections();
    changing.setHostKey(generateKeyPair().private);
    const error = await runScript(pinned, "true").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyVerificationError);
    expect(error).toMatchObject({
      presentedFingerprint: fingerprintOf(changing.hostKeyBlob),
      expectedFingerprints: [originalFingerprint],
    });
    expect((error as Error).message).toContain(`but the configured hostKey is ${originalFingerprint} (ssh-ed25519)`);
  } finally {
    await closeAllConnections();
    await changing.close();
  }
});

test.each(["ecdsa", "rsa"] as const)("a host with several keys presents the %s key that is pinned", async (type) => {
  const multi = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
  try {
    const extra = generateTypedKeyPair(type);
    multi.setHostKey(generateKeyPair().private, extra.private);
    const pinnedLine = multi.hostKeyLines[1];
    await expect(runScript(connectionTo(multi, { hostKey: pinnedLine }), "echo ok")).resolves.toMatchObject({ stdout: "ok\n" });
    await closeAllConnections();
    const knownHostsPath = knownHosts(`[127.0.0.1]:${multi.port} ${pinnedLine}`);
    await expect(runScript(connectionTo(multi, { hostKey: undefined, knownHostsPath }), "echo ok")).resolves.toMatchObject({ stdout: "ok\n" });
  } finally {
    await closeAllConnections();
    await multi.close();
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
