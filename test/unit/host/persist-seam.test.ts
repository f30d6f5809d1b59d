// The persistence seam (issue 18): rc.conf, the TrueNAS middleware and persist "none" are ways (provider/
// ways/) chosen once per operation by operations/choose-way.ts; no other file of provider/operations/
// imports a TrueNAS module (type-only imports included), so the operations read the same for every way.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const PROVIDER = resolve(__dirname, "..", "..", "..", "provider");
const OPERATIONS = join(PROVIDER, "operations");
const CHOOSER = "choose-way.ts";

/** Every relative import and re-export of `file` (type-only ones too), as paths under provider/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gms)].map((m) => relative(PROVIDER, resolve(dirname(file), m[1])));
}

const isTruenasModule = (path: string) => /truenas/i.test(path);

test("provider/operations/ imports no TrueNAS module except the chooser", () => {
  const files = readdirSync(OPERATIONS).filter((f) => f.endsWith(".ts") && f !== CHOOSER);
  expect(files.length).toBeGreaterThan(10);
  const offending = files.flatMap((f) => importsOf(join(OPERATIONS, f)).filter(isTruenasModule).map((m) => `${f} imports ${m}`));
  expect(offending).toEqual([]);
});

test("the chooser is where the TrueNAS way is known, and the check would see an import of it", () => {
  expect(importsOf(join(OPERATIONS, CHOOSER)).filter(isTruenasModule)).toEqual(["ways/truenas"]);
});

test("no operation branches on a way's shape (`\"nonce\" in what`, truenasFirst)", () => {
  for (const f of readdirSync(OPERATIONS).filter((x) => x.endsWith(".ts"))) {
    const text = readFileSync(join(OPERATIONS, f), "utf8");
    expect({ f, nonceIn: /"nonce" in /.test(text), truenasFirst: /truenasFirst/.test(text) }).toEqual({ f, nonceIn: false, truenasFirst: false });
  }
});
