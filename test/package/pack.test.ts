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
import { readmePrograms, readmeTesting } from "./readme-programs";

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
  const readmeText = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const readme = readmePrograms(readmeText);
  fs.writeFileSync(path.join(consumer, "readme-quick.ts"), readme.quick);
  fs.writeFileSync(path.join(consumer, "readme-stack-config.ts"), readme.stackConfig);
  fs.writeFileSync(path.join(consumer, "readme-testing.ts"), readmeTesting(readmeText).testingModule);
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

test("the tarball holds the compiled provider with its types and host scripts, the dev tools, and nothing else a user does not need", () => {
  const { files } = packed;
  expect(files).toEqual(expect.arrayContaining([
    "package.json", "README.md", "CHANGELOG.md",
    "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/provider.js", "dist/provider/provider.d.ts",
    "dist/provider/serialized-provider.js",
    "dist/devtools/driver-cli.js", "dist/devtools/testing.js", "dist/devtools/testing.d.ts", "dist/test/sim/cli.js",
    "dist/provider/script/print-cli.js", "dist/test/engine/capture-child.js",
  ]));
  // The host-side shell and awk the script renderer reads at load time.
  const hostFiles = fs.readdirSync(path.join(REPO, "provider/script/host")).filter((f) => /\.(sh|awk)$/.test(f));
  expect(hostFiles.length).toBeGreaterThan(0);
  expect(files).toEqual(expect.arrayContaining(hostFiles.map((f) => `dist/provider/script/host/${f}`)));
  expect(files.filter((f) => !/^(package\.json|README\.md|CHANGELOG\.md|dist\/(provider|devtools|test\/sim|test\/engine)\/.+)$/.test(f))).toEqual([]);
  // No tests, test fixtures, source maps or sources: the simulator and the driver ship without their suites.
  expect(files.filter((f) => f.endsWith(".map") || f.endsWith(".ts") && !f.endsWith(".d.ts") || /\.test\.(js|d\.ts)$/.test(f))).toEqual([]);
  expect(files.filter((f) => /^dist\/test\/(sim\/(unit|transport)|engine\/fixtures)\/|compile-for-tests|system-deps/.test(f))).toEqual([]);
});

test("the packed package.json names its bins and export paths and carries no scripts (npm warned about prepare on install)", () => {
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", packed.tarball, "package/package.json"], { encoding: "utf8" }));
  expect(manifest.scripts).toBeUndefined();
  expect(manifest.bin).toEqual({ "lagg-sim": "dist/test/sim/cli.js", "lagg-driver": "dist/devtools/driver-cli.js", "lagg-print-script": "dist/provider/script/print-cli.js" });
  for (const bin of Object.values(manifest.bin) as string[]) expect(packed.files).toContain(bin);
  expect(Object.keys(manifest.exports)).toEqual([".", "./dist/provider/provider.js", "./testing", "./package.json"]);
  // This repository's own package.json keeps them (git installs build through prepare).
  expect(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts.prepare).toBeDefined();
});

test("npm run sim -- --json prints exactly its JSON on stdout: the repository's .npmrc keeps npm's banner off", () => {
  // Tools read that line (a JSON.parse of the first line); npm 11 prints "> pkg sim" on stdout unless silent.
  const npmrc = fs.readFileSync(path.join(REPO, ".npmrc"), "utf8");
  expect(npmrc).toMatch(/^loglevel=silent$/m);
  // The README says how to see npm's own progress and errors despite it.
  expect(fs.readFileSync(path.join(REPO, "README.md"), "utf8")).toContain("npm ci --loglevel=warn");
});

test("@pulumi/pulumi is a peer dependency: the consumer project has one copy, the one it installed", () => {
  const copies = execFileSync("find", [path.join(consumer, "node_modules"), "-path", "*/@pulumi/pulumi/package.json"], { encoding: "utf8" }).trim().split("\n");
  expect(copies).toEqual([path.join(consumer, "node_modules/@pulumi/pulumi/package.json")]);
  expect(JSON.parse(fs.readFileSync(copies[0], "utf8")).version).toBe(PULUMI_VERSION);
});

test("the README's programs and both examples compile with strict TypeScript against the installed types", () => {
  compileStrict(consumer, ["readme-quick.ts", "readme-stack-config.ts", "readme-testing.ts", "basic/index.ts", "fleet/index.ts"]);
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

/** Runs a command in `cwd` (async: a simulated host of this process may have to answer); never rejects. */
function run(cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, encoding: "utf8", timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : 1) : 0, stdout, stderr }));
  });
}

describe("the documented entry points, from the installed package", () => {
  const args = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["192.0.2.10/24"] };

  test("renderScriptFor from the index and the lagg-print-script bin print the same create script", async () => {
    fs.writeFileSync(path.join(consumer, "args.json"), JSON.stringify(args));
    const viaIndex = await run(consumer, process.execPath, ["-e", `const { renderScriptFor } = require("pulumi-freebsd-lagg"); process.stdout.write(renderScriptFor("create", ${JSON.stringify(args)})[0])`]);
    expect(viaIndex).toMatchObject({ code: 0, stderr: "" });
    expect(viaIndex.stdout).toMatch(/laggproto.*lacp/);
    const viaBin = await run(consumer, "npx", ["--no-install", "lagg-print-script", "--create", "args.json"]);
    expect(viaBin).toMatchObject({ code: 0, stderr: "" });
    expect(viaBin.stdout.startsWith(viaIndex.stdout)).toBe(true);
  }, 60_000);

  test.each([["lagg-sim", /^usage: lagg-sim /], ["lagg-driver", /^usage: lagg-driver /], ["lagg-print-script", /^usage: lagg-print-script /]])(
    "%s --help exits 0 with its usage on stdout", async (bin, usage) => {
      const r = await run(consumer, "npx", ["--no-install", bin, "--help"]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toMatch(usage);
    }, 60_000);

  describe("the README's \"Testing your program without the Pulumi CLI\", run as written", () => {
    let infra: string;
    beforeAll(() => {
      // An infra repo: its program (the README's stack-config one) compiled by `npx tsc` to bin/, the package installed.
      infra = path.join(work, "infra");
      fs.mkdirSync(infra);
      fs.symlinkSync(path.join(consumer, "node_modules"), path.join(infra, "node_modules"), "dir");
      fs.writeFileSync(path.join(infra, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nmain: bin/index.js\n`);
      fs.copyFileSync(path.join(consumer, "readme-stack-config.ts"), path.join(infra, "index.ts"));
      fs.writeFileSync(path.join(infra, "tsconfig.json"), JSON.stringify({
        compilerOptions: { strict: true, target: "ES2020", module: "commonjs", moduleResolution: "node", esModuleInterop: true, outDir: "bin", types: ["node"] },
        files: ["index.ts"],
      }));
    });

    const readmeBlock = (which: "oneCommand" | "stepByStep") => readmeTesting(fs.readFileSync(path.join(REPO, "README.md"), "utf8"))[which];

    test("npx lagg-driver test: up, an empty preview, a refresh without drift and a destroy on its own simulated host", async () => {
      const r = await run(infra, "sh", ["-ec", readmeBlock("oneCommand")]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/✓ create nas1-uplink/);
      expect(r.stdout).toMatch(/lagg-driver test: up, preview \(no changes\), refresh \(no drift\), destroy \(no lagg left\): ok/);
      expect(fs.existsSync(path.join(infra, "bin/index.js"))).toBe(true);
    }, 240_000);

    test("lagg-sim in the background, then lagg-driver up, preview and destroy against it", async () => {
      const r = await run(infra, "sh", ["-ec", readmeBlock("stepByStep")]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/✓ create nas1-uplink/);
      expect(r.stdout).toMatch(/lagg-driver preview[^\n]*\n\s+Resources: 1 unchanged/);
      expect(r.stdout).toMatch(/1 deleted, 0 left in state/);
      const sim = JSON.parse(fs.readFileSync(path.join(infra, "sim.json"), "utf8"));
      // `kill $!` stopped the simulator: it removed its key file on the way out.
      await waitFor(() => !fs.existsSync(sim.privateKeyPath));
    }, 240_000);

    test("the test-runner module (pulumi-freebsd-lagg/testing) runs the program up and down with no error", async () => {
      const r = await run(consumer, process.execPath, ["-e",
        `require("./out/readme-testing.js").upAndDown(${JSON.stringify(path.join(consumer, "out/readme-stack-config.js"))}, ${JSON.stringify(PROJECT)}).then((e) => { console.log(JSON.stringify(e)); process.exit(0); }, (e) => { console.error(e); process.exit(1); })`]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual([]);
    }, 240_000);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
