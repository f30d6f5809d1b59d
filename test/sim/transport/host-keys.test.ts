// Host key, fingerprint and authentication behaviour, including the host-key and auth faults.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateEd25519KeyPair } from "../server/keys";
import { requireOrSkip } from "../server/system-deps";
import { connect, exec, startHost, stopAllHosts } from "./helpers";

afterEach(() => stopAllHosts());

requireOrSkip("ssh-keygen", "fingerprint checks against OpenSSH")("host key", () => {
  test("fingerprint is exactly what ssh-keygen -lf prints for the advertised host key", async () => {
    const host = await startHost();
    const dir = mkdtempSync(join(tmpdir(), "laggsim-keytest-"));
    try {
      writeFileSync(join(dir, "host.pub"), `${host.hostKey}\n`);
      const printed = execFileSync("ssh-keygen", ["-lf", join(dir, "host.pub")]).toString();
      expect(printed.split(" ")[1]).toBe(host.fingerprint);
      expect(host.hostKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("privateKeyPath holds the accepted key, mode 0600, in a format OpenSSH reads", async () => {
    const host = await startHost();
    expect(statSync(host.privateKeyPath).mode & 0o777).toBe(0o600);
    const derived = execFileSync("ssh-keygen", ["-y", "-f", host.privateKeyPath]).toString();
    expect(derived).toMatch(/^ssh-ed25519 AAAA/);
    const client = await connect(host, { privateKey: readFileSync(host.privateKeyPath) });
    expect(await exec(client, "echo in")).toMatchObject({ stdout: "in\n" });
    client.end();
  });
});

test("the server presents the advertised host key", async () => {
  const host = await startHost();
  const seen: string[] = [];
  const client = await connect(host, {
    hostVerifier: (key: Buffer) => (seen.push(`ssh-ed25519 ${key.toString("base64")}`), true),
  });
  client.end();
  expect(seen).toEqual([host.hostKey]);
});

test("useDifferentHostKey makes a verifying client fail before authentication; clear() restores", async () => {
  const host = await startHost();
  host.faults.useDifferentHostKey();
  const seen: string[] = [];
  await expect(
    connect(host, {
      hostVerifier: (key: Buffer) => {
        seen.push(`ssh-ed25519 ${key.toString("base64")}`);
        return seen.at(-1) === host.hostKey;
      },
    }),
  ).rejects.toThrow(/verification failed/i);
  expect(seen).toHaveLength(1);
  expect(seen[0]).not.toBe(host.hostKey);
  expect(host.execs).toEqual([]);
  host.faults.clear();
  const client = await connect(host);
  client.end();
});

test("refuseAuth rejects even the right key; clear() lets it in again", async () => {
  const host = await startHost();
  host.faults.refuseAuth();
  await expect(connect(host)).rejects.toThrow(/authentication methods failed/i);
  host.faults.clear();
  const client = await connect(host);
  expect(await exec(client, "echo in")).toMatchObject({ stdout: "in\n" });
  client.end();
});

test.each([
  { what: "another key", overrides: () => ({ privateKey: generateEd25519KeyPair().privateKey }) },
  { what: "another user", overrides: () => ({ username: "toor" }) },
  { what: "a password when none is set", overrides: () => ({ privateKey: undefined, password: "secret" }) },
])("$what is refused", async ({ overrides }) => {
  const host = await startHost();
  await expect(connect(host, overrides())).rejects.toThrow(/authentication methods failed/i);
});

test("password auth accepts the configured password and refuses others", async () => {
  const host = await startHost({ password: "s3cret'pw" });
  await expect(connect(host, { privateKey: undefined, password: "wrong" })).rejects.toThrow(/authentication/i);
  const client = await connect(host, { privateKey: undefined, password: "s3cret'pw" });
  expect(await exec(client, "echo ok")).toMatchObject({ stdout: "ok\n", code: 0 });
  client.end();
});
