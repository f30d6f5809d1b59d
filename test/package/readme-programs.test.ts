// The README extraction the package test relies on: a program the README shows must not be skipped.
import * as fs from "node:fs";
import * as path from "node:path";
import { readmePrograms, readmeTesting, typescriptBlocks } from "./readme-programs";

test.each([
  ["one block", "text\n```ts\nconst a = 1;\n```\n", ["const a = 1;\n"]],
  ["other languages are not TypeScript", "```sh\nnpm ci\n```\n```ts\nx();\n```\n", ["x();\n"]],
  ["two blocks in order", "```ts\na();\n```\nand\n```ts\nb();\n```\n", ["a();\n", "b();\n"]],
  ["an indented fence is not a block end", "```ts\nconst s = `\n  ```\n`;\n```\n", ["const s = `\n  ```\n`;\n"]],
])("typescriptBlocks: %s", (_name, markdown, blocks) => {
  expect(typescriptBlocks(markdown)).toEqual(blocks);
});

test("the README has a quick example and a stack-config program, both importing the package by name", () => {
  const { quick, stackConfig } = readmePrograms(fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8"));
  for (const program of [quick, stackConfig]) expect(program).toMatch(/^import \{ Lagg \} from "pulumi-freebsd-lagg";$/m);
  expect(stackConfig).toMatch(/cfg\.require\("host"\)/);
});

test("the README's testing section has the one-command run, the step-by-step run and the test-runner module", () => {
  const t = readmeTesting(fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8"));
  expect(t.oneCommand).toMatch(/^npx lagg-driver test --program bin\/index\.js/m);
  expect(t.stepByStep).toMatch(/lagg-sim --json > sim\.json &/);
  expect(t.stepByStep).toMatch(/^kill \$!$/m);
  expect(t.testingModule).toMatch(/^export async function upAndDown/m);
});
