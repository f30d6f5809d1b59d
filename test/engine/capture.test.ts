import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { captureProgram, programConfigEnv } from "./capture";
import { compileEngineForTests } from "./compile-for-tests";
import { TOY_TYPE, ToyStack } from "./fixtures/toy-stack";
import { findPackageRoot } from "./paths";
import type { ResourceState } from "./types";

const root = findPackageRoot(__dirname);
beforeAll(() => compileEngineForTests());

test.each([
  [{}, { PULUMI_CONFIG: "{}", PULUMI_CONFIG_SECRET_KEYS: "[]" }],
  [
    { "p:a": "1", "p:k": { value: "s", secret: true as const } },
    { PULUMI_CONFIG: '{"p:a":"1","p:k":"s"}', PULUMI_CONFIG_SECRET_KEYS: '["p:k"]' },
  ],
])("programConfigEnv(%j) is what the language host sets", (config, env) => {
  expect(programConfigEnv(config)).toEqual(env);
});

describe("captureProgram", () => {
  const stack = new ToyStack();
  afterAll(() => stack.dispose());

  test("captures type, engine-style URN, serialized __provider, options and secret inputs", async () => {
    const [a, s] = await stack.capture([
      { resource: "a", name: "a.txt", content: "A" },
      { resource: "s", name: "s.txt", content: "S", withSecret: true, dependsOn: ["a"] },
    ]);
    expect(a).toMatchObject({
      urn: `urn:pulumi:dev::toy::${TOY_TYPE}::a`,
      type: TOY_TYPE,
      name: "a",
      inputs: { dir: stack.dir, name: "a.txt", content: "A" },
      secretInputs: [],
      dependsOn: [],
    });
    expect(a.parent).toBeUndefined();
    expect(a.inputs.__provider).toEqual(expect.stringContaining("exports.handler"));
    expect(a.inputs.__provider).toEqual(expect.stringContaining("async function /*create*/(inputs)"));
    expect(s).toMatchObject({
      inputs: { secret: stack.password },
      secretInputs: ["secret"],
      additionalSecretOutputs: ["secretLength"],
      dependsOn: [a.urn],
    });
  });

  test("prior state answers the mocks, so values derived from outputs are real", async () => {
    const files = [{ resource: "a", name: "a.txt", content: "A" }];
    const program = path.join(root, "dist/test/engine/fixtures/toy-program.js");
    const config = stack.config(files);
    const prior: ResourceState = {
      urn: stack.urn("a"), type: TOY_TYPE, id: "a-id", inputs: {}, outputs: { path: "/prior/a.txt" },
      secretInputs: [], secretOutputs: [], dependencies: [], additionalSecretOutputs: [],
    };
    const fresh = await captureProgram({ program, project: "toy", stack: "dev", config });
    const known = await captureProgram({ program, project: "toy", stack: "dev", config, priorState: [prior] });
    expect(fresh.stackOutputs).toEqual({ files: 1, paths: [null] });
    expect(known.stackOutputs).toEqual({ files: 1, paths: ["/prior/a.txt"] });
  });

  test("a program that throws rejects with its error, and its output reaches onLog", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-capture-"));
    const program = path.join(dir, "index.js");
    fs.writeFileSync(program, 'console.log("hello from the program"); throw new Error("boom in program");\n');
    const lines: string[] = [];
    try {
      await expect(
        captureProgram({ program, project: "p", stack: "s", cwd: root, onLog: (_s, l) => lines.push(l) }),
      ).rejects.toThrow(/failed under mocks:[\s\S]*boom in program/);
      expect(lines).toContain("hello from the program");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
