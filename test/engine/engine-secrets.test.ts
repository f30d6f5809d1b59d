import { compileEngineForTests } from "./compile-for-tests";
import type { FileSpec } from "./fixtures/toy-program";
import { TOY_TYPE, ToyStack } from "./fixtures/toy-stack";
import { renderSteps } from "./render";
import { SECRET_SIG, SIG_KEY } from "./secrets";
import type { Json } from "./types";

beforeAll(() => compileEngineForTests());

const withSecret: FileSpec = { resource: "s", name: "s.txt", content: "public", withSecret: true };

// The state file with every secret marker removed: what remains must never hold a secret value.
function withoutMarkers(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutMarkers);
  if (value && typeof value === "object") {
    if (value[SIG_KEY] === SECRET_SIG) return "<marker>";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutMarkers(v)]));
  }
  return value;
}

describe("secrets", () => {
  let stack: ToyStack;
  beforeEach(() => (stack = new ToyStack()));
  afterEach(() => stack.dispose());

  test("secret inputs stay secret in state outputs by key, and additionalSecretOutputs mark derived ones", async () => {
    await stack.up([withSecret]);
    const stored = JSON.parse(stack.stateText());
    const [resource] = stored.resources;
    const marker = { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(stack.password) };
    expect(resource.inputs.secret).toEqual(marker);
    expect(resource.outputs.secret).toEqual(marker);
    expect(resource.outputs.secretLength).toEqual({ [SIG_KEY]: SECRET_SIG, plaintext: String(stack.password.length) });
    expect(resource.outputs.content).toBe("public");
    expect(JSON.stringify(withoutMarkers(stored))).not.toContain(stack.password);

    const [loaded] = stack.engine([]).state().resources;
    expect(loaded.secretOutputs.sort()).toEqual(["secret", "secretLength"]);
    expect(loaded.outputs.secret).toBe(stack.password);
  });

  test("extraSecretOutputs marks outputs of a type whose program cannot say so", async () => {
    const files = [{ ...withSecret, withSecret: false }];
    await stack.up(files, { extraSecretOutputs: { [TOY_TYPE]: ["path"] } });
    expect(stack.engine([]).state().resources[0].secretOutputs).toEqual(["path"]);
  });

  test("secret values never reach preview text, values diff, events or logs", async () => {
    await stack.up([withSecret]);
    const oldPassword = stack.password;
    stack.password = "rotated-0ther-secret";
    const preview = await stack.preview([withSecret]);
    expect(preview.text).toContain(`~ ${TOY_TYPE} s update [diff: ~secret]`);
    const detailed = renderSteps(preview.steps, { showValues: true });
    expect(detailed).toContain("      ~ secret: [secret] => [secret]");

    await stack.up([withSecret]);
    const human = [preview.text, detailed, JSON.stringify(stack.events)].join("\n");
    for (const secret of [oldPassword, stack.password]) expect(human).not.toContain(secret);
  });

  test("same steps and refreshes keep secretness", async () => {
    await stack.up([withSecret]);
    await stack.up([withSecret]);
    await stack.engine([]).refresh();
    expect(stack.engine([]).state().resources[0].secretOutputs.sort()).toEqual(["secret", "secretLength"]);
  });

  test("Configure carries the full stack config, secrets unwrapped for the provider", async () => {
    stack.extraConfig = { "toy:label": { value: "from-config", secret: true } };
    await stack.up([withSecret]);
    expect(stack.engine([]).state().resources[0].outputs.label).toBe("from-config");
  });
});
