import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { captureProgram } from "./capture";
import { compileEngineForTests } from "./compile-for-tests";
import { findPackageRoot } from "./paths";
import { ProviderCallError, ProviderInitError } from "./provider-errors";
import { ProviderHost } from "./provider-host";
import { UNKNOWN_VALUE } from "./secrets";
import type { JsonObject } from "./types";

const root = findPackageRoot(__dirname);
const program = path.join(root, "dist/test/engine/fixtures/toy-program.js");
const urn = (name: string) => `urn:pulumi:dev::toy::pulumi-nodejs:dynamic/toy:File::${name}`;

let dir: string;
let host: ProviderHost;
let providerText: string;
const logs: string[] = [];

beforeAll(async () => {
  compileEngineForTests();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-host-"));
  const files = JSON.stringify([{ resource: "a", name: "a.txt", content: "A" }]);
  const captured = await captureProgram({ program, project: "toy", stack: "dev", config: { "toy:dir": dir, "toy:files": files } });
  providerText = captured.resources[0].inputs.__provider as string;
  host = await ProviderHost.start({ cwd: root, project: "toy", onLog: (_s, line) => logs.push(line) });
  await host.configure({ "toy:dir": dir, "toy:password": { value: "pw", secret: true } });
});

afterAll(async () => {
  await host?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Waits (bounded) for a provider log line: stdout and the gRPC reply are separate channels. */
async function logLine(line: string): Promise<void> {
  for (let waited = 0; waited < 10_000 && !logs.includes(line); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const inputs = (extra: JsonObject): JsonObject => ({ __provider: providerText, dir, content: "x", ...extra });

test("the host reports the installed SDK version", async () => {
  expect(await host.getPluginInfo()).toBe("3.248.0");
});

test("check fills defaults, keeps __provider and reports failures with property and reason", async () => {
  const ok = await host.check(urn("ok"), {}, inputs({ name: "ok.txt" }));
  expect(ok.failures).toEqual([]);
  expect(ok.inputs).toMatchObject({ name: "ok.txt", diffMode: "normal", __provider: providerText });

  const bad = await host.check(urn("bad"), {}, inputs({ name: "Bad Name" }));
  expect(bad.failures).toEqual([{ property: "name", reason: expect.stringContaining('"Bad Name"') }]);
});

test("the unknown sentinel crosses the boundary as a plain string", async () => {
  const res = await host.check(urn("u"), {}, inputs({ name: UNKNOWN_VALUE }));
  expect(res.failures).toEqual([]);
  expect(res.inputs.name).toBe(UNKNOWN_VALUE);
});

test("create, diff, update, read and delete run the serialized provider", async () => {
  const news = (await host.check(urn("life"), {}, inputs({ name: "life.txt", content: "one" }))).inputs;
  const created = await host.create(urn("life"), news);
  expect(created.id).toBe(path.join(dir, "life.txt"));
  expect(created.outs).toMatchObject({ content: "one", path: created.id, __provider: providerText });
  expect(fs.readFileSync(created.id, "utf8")).toBe("one");
  // The line travels over the host's stdout pipe, the result over gRPC: either may arrive first.
  await logLine(`toy: created ${created.id}`);
  expect(logs).toContain(`toy: created ${created.id}`);

  expect((await host.diff(created.id, urn("life"), created.outs, news)).changes).toBe("none");
  const changed = { ...news, content: "two" };
  expect(await host.diff(created.id, urn("life"), created.outs, changed)).toEqual({
    changes: "some",
    replaces: [],
    deleteBeforeReplace: true,
  });
  expect((await host.diff(created.id, urn("life"), created.outs, { ...news, name: "other.txt" })).replaces).toEqual(["name"]);
  expect((await host.diff(created.id, urn("life"), created.outs, { ...news, diffMode: "unknown" })).changes).toBe("unknown");

  const updated = await host.update(created.id, urn("life"), created.outs, changed);
  expect(updated).toMatchObject({ content: "two", __provider: providerText });

  fs.writeFileSync(created.id, "drifted");
  const read = await host.read(created.id, urn("life"), updated, changed);
  expect(read).toMatchObject({ id: created.id, props: { content: "drifted" }, inputs: { content: "drifted" } });

  await host.delete(created.id, urn("life"), updated);
  expect(fs.existsSync(created.id)).toBe(false);
  expect((await host.read(created.id, urn("life"), updated)).id).toBe("");
});

test("a partial failure is decoded into id, properties and reasons", async () => {
  const news = (await host.check(urn("p"), {}, inputs({ name: "p.txt", failCreate: "partial" }))).inputs;
  const err = await host.create(urn("p"), news).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderInitError);
  expect(err).toMatchObject({
    method: "create",
    urn: urn("p"),
    id: path.join(dir, "p.txt"),
    properties: { name: "p.txt", path: path.join(dir, "p.txt"), __provider: providerText },
    reasons: ["content was not accepted by the toy daemon"],
    message: expect.stringContaining("did not initialize"),
  });
});

test("an outright failure is a ProviderCallError without init details", async () => {
  const news = (await host.check(urn("t"), {}, inputs({ name: "t.txt", failCreate: "total" }))).inputs;
  const err = await host.create(urn("t"), news).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderCallError);
  expect(err).not.toBeInstanceOf(ProviderInitError);
  expect((err as ProviderCallError).message).toContain("toy refused to create t.txt");
  expect(fs.existsSync(path.join(dir, "t.txt"))).toBe(false);
});
