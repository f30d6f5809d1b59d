// Secrets through the engine-less driver (issue 17): a private key with a passphrase, the passphrase and a
// password, each generated (quotes, $, backslashes, unicode), drive up, preview, refresh, a failing update,
// a check failure and destroy. Their bytes appear nowhere in the driver's state file outside secret values,
// nor in __provider, the provider host's logs (scripts logged too: LAGG_LOG_SCRIPTS=1), errors or check failures.
import fc from "fast-check";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureProgram, Engine } from "../engine";
import { renderSteps } from "../engine/render";
import { SECRET_SIG, SIG_KEY } from "../engine/secrets";
import type { Json } from "../engine/types";
import { startSimHost } from "../sim";
import { createSimMachine } from "../sim/machine";
import { REPO } from "../e2e/harness";
import { generateKeyPair } from "../unit/ssh/helpers/test-server";
import { runSeed } from "./seed";

jest.setTimeout(240_000);

const PROGRAM = path.join(REPO, "dist/test/e2e/program.js");
const seed = runSeed("secrets");
const secretText = fc
  .array(fc.oneof(fc.constantFrom(..."\"'$`\\;|&<>{}% ", "é", "😀", "\u202e", "中"), fc.string({ minLength: 1, maxLength: 4 })), { minLength: 6, maxLength: 20 })
  .map((parts) => parts.join(""));

/** The state with every secret value replaced by a marker: what remains must hold no secret byte. */
function withoutSecretValues(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutSecretValues);
  if (value && typeof value === "object") {
    if (value[SIG_KEY] === SECRET_SIG) return "<secret>";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecretValues(v)]));
  }
  return value;
}

/** Every form a secret's bytes could take in text: as is, JSON-escaped, and each long line of a key. */
function forms(secret: string): string[] {
  const lines = secret.includes("-----BEGIN") ? secret.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----")) : [secret];
  return lines.flatMap((l) => [l, JSON.stringify(l).slice(1, -1), Buffer.from(l).toString("base64")]);
}

// One set per run (about 45 s through six driver operations on a loaded machine); each run draws new values.
const sets = fc.sample(fc.record({ password: secretText, passphrase: secretText }), { numRuns: 1, seed });

describe.each(sets.map((s, i) => ({ ...s, i })))("generated secrets, set $i", ({ password: generated, passphrase: generatedPp, i }) => {
  // A nonce keeps the values distinct from anything else the run prints.
  const password = `${generated}~${i}${seed}pw`;
  const passphrase = `${generatedPp}~${i}${seed}pp`;
  const key = generateKeyPair(passphrase).private;

  test("appear nowhere outside secret values: state, __provider, logs, errors, check failures", async () => {
    const machine = createSimMachine({});
    const sim = await startSimHost({ machine, password });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-secrets-"));
    const events: string[] = [];
    const engine = new Engine({
      statePath: path.join(dir, "state.json"), project: "lagg-secrets", stack: "test", cwd: REPO,
      hostEnv: { LAGG_LOG_SCRIPTS: "1" }, onEvent: (e) => events.push(JSON.stringify(e)),
    });
    // The key is not one the host accepts (it was generated here): the provider offers it, then the password.
    const connection = { privateKey: key, privateKeyPassword: passphrase, password };
    const capture = async (laggs: Record<string, unknown>) => {
      const sim1 = { host: sim.host, port: sim.port, user: sim.user, privateKeyPath: sim.privateKeyPath, hostKey: sim.hostKey };
      const config = { "e2e:sim": JSON.stringify(sim1), "e2e:laggs": JSON.stringify(laggs) };
      return (await captureProgram({ program: PROGRAM, project: "lagg-secrets", stack: "test", config, cwd: REPO, priorState: engine.state().resources })).resources;
    };
    const lagg = (extra: Record<string, unknown> = {}) => ({ uplink: { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], description: "uplink", connection, ...extra } });
    try {
      if (!fs.existsSync(PROGRAM)) throw new Error(`${PROGRAM} is missing: run \`npm run build\` first`);
      const texts: string[] = [];
      const up = await engine.up(await capture(lagg()));
      expect(up.errors).toEqual([]);
      // What a PR check posts: the preview text and the detailed diff with values (the step objects
      // themselves are the driver's memory, holding the inputs as the engine does, not output).
      const preview = await engine.preview(await capture(lagg({ mtu: 9000 })));
      texts.push(preview.text, renderSteps(preview.steps, { showValues: true }));
      texts.push(JSON.stringify((await engine.refresh()).errors));
      machine.faults.failPortJoin("igb2", "EBUSY");
      const failed = await engine.up(await capture(lagg({ ports: ["igb0", "igb1", "igb2"] })));
      expect(failed.errors).toHaveLength(1);
      machine.faults.clearPortJoin();
      const refused = await engine.preview(await capture(lagg({ mtu: 99999, protocol: "lacp ", connection: { ...connection, port: -1 } })));
      expect(refused.errors.length).toBeGreaterThan(0);
      texts.push(JSON.stringify(failed.errors), JSON.stringify(refused.errors), refused.text);
      const state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")) as Json;
      const providers = JSON.stringify(state).match(/__provider[^,]*/g) ?? [];
      expect(providers.length).toBeGreaterThan(0);
      const down = await engine.destroy();
      expect(down.errors).toEqual([]);
      texts.push(JSON.stringify(withoutSecretValues(state)), ...events);

      const everything = texts.join("\n");
      // The scripts were logged (the audit log is on), so the check has something to look at.
      expect(everything).toContain("provider-log");
      for (const secret of [password, passphrase, key]) {
        for (const form of forms(secret)) expect({ leaked: everything.includes(form), form: form.slice(0, 12) }).toEqual({ leaked: false, form: form.slice(0, 12) });
      }
      // The secrets are there, as secret values (so the check above is not vacuous).
      const stored = (state as { resources: { outputs: { connection: { plaintext: string } } }[] }).resources[0].outputs.connection;
      expect(JSON.parse(stored.plaintext)).toMatchObject({ password, privateKeyPassword: passphrase, privateKey: key });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await sim.stop();
    }
  });
});
