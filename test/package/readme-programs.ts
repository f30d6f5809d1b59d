// The TypeScript programs the README shows, so the package test compiles exactly what users copy.

/** Every ```ts fenced block of a Markdown text, in order. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** The README's programs: the `ts` blocks that import the package (complete programs, not fragments). */
export function readmePrograms(markdown: string): { quick: string; stackConfig: string } {
  const programs = typescriptBlocks(markdown).filter((b) => /from "pulumi-freebsd-lagg"/.test(b));
  const stackConfig = programs.find((b) => /cfg\.require\("host"\)/.test(b));
  const quick = programs.find((b) => b !== stackConfig);
  if (!quick || !stackConfig) throw new Error(`README: expected the quick example and the stack-config program, found ${programs.length} programs`);
  return { quick, stackConfig };
}

/** Every ```sh fenced block of a Markdown text, in order. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/**
 * The README's "Testing your program without the Pulumi CLI" section: the one-command run (`lagg-driver test`),
 * the step-by-step run against `lagg-sim`, and the test-runner module importing `pulumi-freebsd-lagg/testing`.
 */
export function readmeTesting(markdown: string): { oneCommand: string; stepByStep: string; testingModule: string } {
  const sh = shellBlocks(markdown);
  const oneCommand = sh.find((b) => /lagg-driver test /.test(b));
  const stepByStep = sh.find((b) => /lagg-sim --json/.test(b) && /lagg-driver up /.test(b));
  const testingModule = typescriptBlocks(markdown).find((b) => /from "pulumi-freebsd-lagg\/testing"/.test(b));
  if (!oneCommand || !stepByStep || !testingModule) throw new Error("README: the testing section's lagg-driver test, lagg-sim step-by-step and pulumi-freebsd-lagg/testing blocks are not all there");
  return { oneCommand, stepByStep, testingModule };
}
