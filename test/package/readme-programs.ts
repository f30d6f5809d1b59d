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
