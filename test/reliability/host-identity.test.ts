// Host identity through the provider (issue 17): an unknown host key, a changed key and a key of another
// type are refused before authentication on create, read, update and delete, with zero commands run on
// the host and the fingerprint seen in the message; the same for a jump host (proxy), where the target
// is never reached.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LaggProvider } from "../../provider/provider";
import { closeAllConnections, fingerprintOf } from "../../provider/ssh";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { onHost } from "../e2e/harness";
import { generateKeyPair, generateTypedKeyPair, TestSshServer } from "../unit/ssh/helpers/test-server";

const provider = new LaggProvider();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-identity-"));
const keyLine = (privateKey: string, fromType: "ed25519" | "rsa" | "ecdsa") =>
  fromType === "ed25519" ? generateKeyPair().public : generateTypedKeyPair(fromType).public;
const blobOf = (line: string) => Buffer.from(line.split(" ")[1], "base64");

let sim: SimHost;
let jump: TestSshServer;
const JUMP = { user: "jump", password: "jump-pw" };

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  [sim, jump] = await Promise.all([startSimHost({}), TestSshServer.start({ users: { [JUMP.user]: { password: JUMP.password } }, allowForwarding: true })]);
});
afterEach(async () => {
  sim.faults.clear();
  await closeAllConnections();
  // A failed case must not leave its lagg to the next one.
  for (const name of ["lagg0", "lagg1"]) await onHost(sim, "ifconfig", name, "destroy");
});
afterAll(async () => {
  await Promise.all([sim?.stop(), jump?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const args = { name: "lagg0", protocol: "failover", ports: ["igb0", "igb1"], persist: "rc.conf" };
const good = () => ({ host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey });
const knownHostsWithout = () => {
  const file = path.join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, `nas9.example.net ${sim.hostKey}\n[127.0.0.1]:1 ${sim.hostKey}\n`);
  return file;
};

/** How the pinned identity goes wrong, as a change of the connection (and of the host). */
const TARGET_CASES: { name: string; connection: () => Record<string, unknown>; arm?: () => void; seen: () => RegExp }[] = [
  { name: "an unknown key (known_hosts without the host)", connection: () => ({ hostKey: undefined, knownHostsPath: knownHostsWithout() }), seen: () => new RegExp(`presented ${esc(sim.fingerprint)} \\(ssh-ed25519\\).*is not in`) },
  { name: "a changed key (the host presents another one)", connection: () => ({}), arm: () => sim.faults.useDifferentHostKey(), seen: () => new RegExp(`presented SHA256:\\S+ \\(ssh-ed25519\\) but the configured hostKey is ${esc(sim.fingerprint)}`) },
  { name: "a pinned key of another type (ecdsa)", connection: () => ({ hostKey: keyLine("", "ecdsa") }), seen: () => new RegExp(`presented ${esc(sim.fingerprint)} \\(ssh-ed25519\\) but the configured hostKey is SHA256:\\S+ \\(ecdsa-sha2-nistp256\\)`) },
  { name: "a pinned key of another type (rsa)", connection: () => ({ hostKey: keyLine("", "rsa") }), seen: () => new RegExp(`presented ${esc(sim.fingerprint)} \\(ssh-ed25519\\) but the configured hostKey is SHA256:\\S+ \\(ssh-rsa\\)`) },
];

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

async function checked(connection: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = await provider.check({}, { ...args, ...extra, connection });
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as Record<string, unknown>;
}

async function hostState() {
  return { ifconfig: (await onHost(sim, "ifconfig", "-a")).stdout, rc: (await onHost(sim, "sysrc", "-a")).stdout };
}

describe.each(TARGET_CASES)("the target host: $name", ({ connection, arm, seen }) => {
  test("create, read, update and delete are each refused naming the fingerprint seen; nothing runs, nothing changes", async () => {
    // A lagg made with the right key, so that read, update and delete have something to act on.
    const created = await provider.create(await checked(good()));
    await closeAllConnections();
    const host = await hostState();
    const before = { execs: sim.execs.length, commands: sim.machine.records.commands.length, host };
    const wrong = { ...good(), ...connection() };
    for (const [k, v] of Object.entries(wrong)) if (v === undefined) delete (wrong as Record<string, unknown>)[k];
    arm?.();
    const news = await checked(wrong, { mtu: 9000 });
    const other = await checked(wrong, { name: "lagg1", ports: ["ix0"] });
    const recordedWithWrong = { ...created.outs, connection: news.connection };
    const attempts: [string, () => Promise<unknown>][] = [
      ["create", () => provider.create(other)],
      ["read", () => provider.read(created.id, recordedWithWrong)],
      ["update", () => provider.update(created.id, recordedWithWrong, news)],
      ["delete", () => provider.delete(created.id, recordedWithWrong)],
    ];
    for (const [operation, attempt] of attempts) {
      const error = await attempt().then(() => undefined, (e: Error) => e);
      expect({ operation, refused: error !== undefined }).toEqual({ operation, refused: true });
      // The SSH layer's refusal, or (a pinned key that differs from the recorded one) the identity check's,
      // which names the key presented and the machine the lagg lives on; both come from the key exchange.
      const identity = new RegExp(`^${esc(`${sim.host}:${sim.port}`)} presents host key SHA256:\\S+, but lagg0 lives on the machine with host key ${esc(sim.fingerprint)}; nothing was changed`);
      if (!identity.test(error!.message)) {
        expect(error!.message).toContain(`host key verification failed for ${sim.host}:${sim.port}`);
        expect(error!.message).toMatch(seen());
      }
      expect(error!.message).not.toContain(sim.privateKey.split("\n")[1]);
      await closeAllConnections();
    }
    expect(sim.execs.length).toBe(before.execs);
    expect(sim.machine.records.commands.length).toBe(before.commands);
    sim.faults.clear();
    expect(await hostState()).toEqual(before.host);
    await provider.delete(created.id, created.outs);
  });
});

describe("a jump host (proxy)", () => {
  const viaJump = (proxy: Record<string, unknown>) => ({
    ...good(),
    proxy: { host: jump.host, port: jump.port, user: JUMP.user, password: JUMP.password, hostKey: jump.hostKeyLine, ...proxy },
  });

  test("with its key pinned, a lagg is created and deleted through it", async () => {
    const created = await provider.create(await checked(viaJump({})));
    expect(jump.forwards.at(-1)).toBe(`${sim.host}:${sim.port}`);
    await provider.delete(created.id, created.outs);
  });

  const JUMP_CASES: { name: string; proxy: () => Record<string, unknown>; arm?: () => string; seen: (presented: string) => RegExp }[] = [
    { name: "an unknown key", proxy: () => ({ hostKey: undefined, knownHostsPath: knownHostsWithout() }), seen: (p) => new RegExp(`presented ${esc(p)} \\(ssh-ed25519\\).*is not in`) },
    { name: "a changed key", proxy: () => ({}), arm: () => { jump.setHostKey(generateKeyPair().private); return fingerprintOf(jump.hostKeyBlob); }, seen: (p) => new RegExp(`presented ${esc(p)} \\(ssh-ed25519\\) but the configured hostKey is SHA256:`) },
    { name: "a pinned key of another type (ecdsa)", proxy: () => ({ hostKey: keyLine("", "ecdsa") }), seen: (p) => new RegExp(`presented ${esc(p)} \\(ssh-ed25519\\) but the configured hostKey is SHA256:\\S+ \\(ecdsa-sha2-nistp256\\)`) },
  ];

  test.each(JUMP_CASES)("$name: refused before authenticating to it, the target never reached, nothing run", async ({ proxy, arm, seen }) => {
    const connection = viaJump(proxy());
    for (const [k, v] of Object.entries(connection.proxy)) if (v === undefined) delete (connection.proxy as Record<string, unknown>)[k];
    const inputs = await checked(connection);
    const presented = arm?.() ?? fingerprintOf(jump.hostKeyBlob);
    const before = { auth: jump.authAttempts.length, forwards: jump.forwards.length, execs: sim.execs.length, commands: sim.machine.records.commands.length };
    const error = await provider.create(inputs).then(() => undefined, (e: Error) => e);
    expect(error?.message).toContain(`host key verification failed for ${jump.host}:${jump.port}`);
    expect(error?.message).toMatch(seen(presented));
    expect(error?.message).not.toContain(JUMP.password);
    expect({ auth: jump.authAttempts.length, forwards: jump.forwards.length, execs: sim.execs.length, commands: sim.machine.records.commands.length }).toEqual(before);
    expect((await onHost(sim, "ifconfig", "lagg0")).exitCode).toBe(1);
  });
});
