// A pinned key of a type the host does not have: ssh2 alone fails with "no matching host key format",
// naming no key; the dial learns the key the host has in one more key exchange (no authentication) and
// refuses it by fingerprint.
import { closeAllConnections, fingerprintOf, HostKeyVerificationError, runScript } from "../../../provider/ssh";
import { connectionTo, PASSWORD, USER } from "./helpers/fixtures";
import { generateTypedKeyPair, TestSshServer } from "./helpers/test-server";

let server: TestSshServer;
beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
});
afterEach(() => closeAllConnections());
afterAll(() => server.close());

test.each(["ecdsa", "rsa"] as const)("a pinned %s key on an ed25519-only host is refused before authentication, naming both keys", async (type) => {
  const pinned = generateTypedKeyPair(type).public;
  const before = { auth: server.authAttempts.length, execs: server.execs.length };
  const error = await runScript(connectionTo(server, { hostKey: pinned }), "echo never").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HostKeyVerificationError);
  const pinnedFingerprint = fingerprintOf(Buffer.from(pinned.split(" ")[1], "base64"));
  expect((error as Error).message).toBe(
    `host key verification failed for 127.0.0.1:${server.port}: the host presented ${fingerprintOf(server.hostKeyBlob)} (ssh-ed25519) ` +
      `but the configured hostKey is ${pinnedFingerprint} (${pinned.split(" ")[0]})`,
  );
  expect({ auth: server.authAttempts.length, execs: server.execs.length }).toEqual(before);
});
