// The package as users receive it: `npm pack` of this checkout (its own scripts build it), installed from the
// tarball into a fresh project with @pulumi/pulumi from the registry, the README's programs and the examples
// compiled with strict TypeScript against the installed types, and a simulated host driven through the
// installed copy (LaggProvider directly, and the engine-less driver through the dynamic-provider host).
// $LAGG_PULUMI_VERSION picks the @pulumi/pulumi to install (default: the newest that installs on Node 20).
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { captureProgram, Engine } from "../engine";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import { startSimHost } from "../sim";
import type { SimHost } from "../sim/server/sim-host-types";
import { compileStrict, installConsumer, makeWorkDir, NEWEST_PULUMI_ON_NODE20, packWorkingTree, REPO } from "./packed-project";
import { readmePrograms } from "./readme-programs";

const PULUMI_VERSION = process.env.LAGG_PULUMI_VERSION ?? NEWEST_PULUMI_ON_NODE20;
const PROJECT = "lagg-consumer";

let work: string;
let packed: { tarball: string; files: string[] };
let consumer: string;
let installedRoot: string;

beforeAll(() => {
  work = makeWorkDir();
  packed = packWorkingTree(work);
  consumer = installConsumer(work, packed.tarball, PULUMI_VERSION);
  installedRoot = fs.realpathSync(path.join(consumer, "node_modules/pulumi-freebsd-lagg"));
  const readme = readmePrograms(fs.readFileSync(path.join(REPO, "README.md"), "utf8"));
  fs.writeFileSync(path.join(consumer, "readme-quick.ts"), readme.quick);
  fs.writeFileSync(path.join(consumer, "readme-stack-config.ts"), readme.stackConfig);
  // Copied in, so its require("pulumi-freebsd-lagg") resolves as a user's file does (not this checkout's link).
  fs.copyFileSync(path.join(__dirname, "driver/lifecycle-driver.js"), path.join(consumer, "lifecycle-driver.js"));
  for (const example of ["basic", "fleet"]) {
    fs.cpSync(path.join(REPO, "examples", example), path.join(consumer, example), { recursive: true });
  }
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const onHost = (sim: SimHost, command: string, ...argv: string[]) => sim.machine.run(command, argv, { stdin: "", env: {} });

test("the tarball holds the compiled provider with its types and host scripts, and nothing else a user does not need", () => {
  const { files } = packed;
  expect(files).toEqual(expect.arrayContaining([
    "package.json", "README.md", "CHANGELOG.md",
    "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/provider.js", "dist/provider/provider.d.ts",
    "dist/provider/serialized-provider.js",
  ]));
  // The host-side shell and awk the script renderer reads at load time.
  const hostFiles = fs.readdirSync(path.join(REPO, "provider/script/host")).filter((f) => /\.(sh|awk)$/.test(f));
  expect(hostFiles.length).toBeGreaterThan(0);
  expect(files).toEqual(expect.arrayContaining(hostFiles.map((f) => `dist/provider/script/host/${f}`)));
  expect(files.filter((f) => !/^(package\.json|README\.md|CHANGELOG\.md|dist\/provider\/.+)$/.test(f))).toEqual([]);
  expect(files.filter((f) => f.endsWith(".map") || f.endsWith(".ts") && !f.endsWith(".d.ts") || /\/(test|sim)\//.test(f))).toEqual([]);
});

test("@pulumi/pulumi is a peer dependency: the consumer project has one copy, the one it installed", () => {
  const copies = execFileSync("find", [path.join(consumer, "node_modules"), "-path", "*/@pulumi/pulumi/package.json"], { encoding: "utf8" }).trim().split("\n");
  expect(copies).toEqual([path.join(consumer, "node_modules/@pulumi/pulumi/package.json")]);
  expect(JSON.parse(fs.readFileSync(copies[0], "utf8")).version).toBe(PULUMI_VERSION);
});

test("the README's programs and both examples compile with strict TypeScript against the installed types", () => {
  compileStrict(consumer, ["readme-quick.ts", "readme-stack-config.ts", "basic/index.ts", "fleet/index.ts"]);
  expect(fs.existsSync(path.join(consumer, "out/fleet/inventory.json"))).toBe(true);
});

test("LaggProvider from the installed package creates, reads, updates and deletes a lagg on a simulated host", async () => {
  const sim = await startSimHost({});
  try {
    const connection = { host: sim.host, port: sim.port, user: sim.user, privateKey: sim.privateKey, hostKey: sim.hostKey };
    // Async: the simulated host answers from this process's event loop.
    const { stdout: out } = await promisify(execFile)(process.execPath, ["lifecycle-driver.js"], {
      cwd: consumer, encoding: "utf8", env: { ...process.env, LAGG_CONNECTION: JSON.stringify(connection) },
    });
    const r = JSON.parse(out.trim().split("\n").pop()!);
    expect(fs.realpathSync(r.loadedFrom).startsWith(installedRoot + path.sep)).toBe(true);
    expect(r.created.outs).toMatchObject({ name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["198.51.100.20/24"] });
    expect(r.readAfterCreate.props).toMatchObject({ name: "lagg0", mtu: 1500 });
    expect(r.diff).toMatchObject({ changes: true, replaces: [] });
    expect(r.readAfterUpdate.props).toMatchObject({ mtu: 9000, description: "uplink to core-sw1" });
    expect(r.readAfterDelete).toEqual({});
    expect((await onHost(sim, "ifconfig", "lagg0")).exitCode).toBe(1);
  } finally {
    await sim.stop();
  }
}, 120_000);

/** Runs a compiled consumer program through the engine-less driver; `probe` records which provider.js loaded. */
async function upAndDestroy(sim: SimHost, program: string, config: Record<string, string | { value: string; secret: true }>) {
  const probe = path.join(work, `probe-${path.basename(program)}-${sim.port}.txt`);
  const engine = new Engine({
    statePath: path.join(work, `state-${sim.port}.json`), project: PROJECT, stack: "test", config, cwd: consumer,
    hostEnv: { NODE_OPTIONS: `--require ${path.join(__dirname, "driver/resolve-probe.js")}`, LAGG_PROBE_FILE: probe },
  });
  const { resources } = await captureProgram({ program: path.join(consumer, program), project: PROJECT, stack: "test", config, cwd: consumer });
  const up = await engine.up(resources);
  const afterUp = { errors: up.errors, state: engine.state().resources, lagg0: parseIfconfig((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout)[0] };
  const destroy = await engine.destroy();
  const loaded = fs.existsSync(probe) ? [...new Set(fs.readFileSync(probe, "utf8").trim().split("\n"))] : [];
  return { afterUp, destroyErrors: destroy.errors, loaded, goneAfterDestroy: (await onHost(sim, "ifconfig", "lagg0")).exitCode === 1 };
}

const simConfig = (sim: SimHost) => ({
  [`${PROJECT}:host`]: sim.host,
  [`${PROJECT}:port`]: String(sim.port),
  [`${PROJECT}:hostKey`]: sim.hostKey,
  [`${PROJECT}:privateKey`]: { value: sim.privateKey, secret: true as const },
});

test("the README's stack-config program runs through the engine-less driver with the installed copy as `__provider`", async () => {
  const sim = await startSimHost({});
  try {
    const r = await upAndDestroy(sim, "out/readme-stack-config.js", simConfig(sim));
    expect(r.afterUp.errors).toEqual([]);
    expect(r.afterUp.lagg0.lagg?.protocol).toBe("lacp");
    expect(r.afterUp.lagg0.lagg?.ports.map((p) => p.name)).toEqual(["igb0", "igb1"]);
    // Every provider.js the dynamic-provider host loaded is the installed one, never this checkout's.
    expect(r.loaded.length).toBeGreaterThan(0);
    for (const file of r.loaded) expect(file.startsWith(installedRoot + path.sep)).toBe(true);
    expect(r.destroyErrors).toEqual([]);
    expect(r.goneAfterDestroy).toBe(true);
  } finally {
    await sim.stop();
  }
}, 180_000);

test.each([
  ["FreeBSD", false, "rc.conf"],
  ["TrueNAS CORE", true, "truenas"],
])("examples/basic from the installed package persists with persist: auto on %s", async (_kind, truenas, mode) => {
  const sim = await startSimHost({ truenas });
  try {
    const r = await upAndDestroy(sim, "out/basic/index.js", simConfig(sim));
    expect(r.afterUp.errors).toEqual([]);
    expect(r.afterUp.lagg0.mtu).toBe(9000);
    expect(r.afterUp.lagg0.inet.map((a) => a.address)).toEqual(["198.51.100.10"]);
    expect((r.afterUp.state[0]?.outputs as any)?.persisted?.mode).toBe(mode);
    expect(r.destroyErrors).toEqual([]);
    expect(r.goneAfterDestroy).toBe(true);
  } finally {
    await sim.stop();
  }
}, 180_000);
