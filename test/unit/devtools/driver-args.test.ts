// lagg-driver's command line (devtools/driver-args.ts): what each word becomes, and the refusals a user sees.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DRIVER_USAGE, parseDriverArgs, projectNameOf, simConfig } from "../../../devtools/driver-args";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-driver-args-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: nas-network\nruntime: nodejs\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("defaults: the project from Pulumi.yaml, stack dev, state in .lagg-state, keys under the project", () => {
  const run = parseDriverArgs(["up", "--program", "bin/index.js", "--config", "mtu=9000", "--secret", "aws:token=x", "--sim", "sim.json"], dir);
  expect(run).toEqual({
    command: "up", program: path.join(dir, "bin/index.js"), cwd: dir, project: "nas-network", stack: "dev",
    statePath: path.join(dir, ".lagg-state/dev.json"),
    config: { "nas-network:mtu": "9000", "aws:token": { value: "x", secret: true } },
    simFile: path.join(dir, "sim.json"), simHost: { truenas: false, interfaces: undefined }, parallel: undefined,
  });
});

test("test takes the simulated host's kind and NICs", () => {
  expect(parseDriverArgs(["test", "--program", "p.js", "--truenas", "--interfaces", "em0,igb0"], dir)).toMatchObject({
    command: "test", simHost: { truenas: true, interfaces: "em0,igb0" },
  });
});

test("--help asks for the usage", () => {
  expect(parseDriverArgs(["--help"], dir)).toBe("help");
  expect(DRIVER_USAGE).toMatch(/^usage: lagg-driver <preview\|up\|refresh\|destroy\|test>/);
});

test.each([
  [[], /expected one of preview, up, refresh, destroy, test/],
  [["apply", "--program", "p.js"], /got "apply"/],
  [["up"], /--program is required/],
  [["up", "--program", "p.js", "--config", "novalue"], /--config needs KEY=VALUE, got "novalue"/],
  [["up", "--program", "p.js", "--truenas"], /--truenas and --interfaces describe the host `test` starts/],
  [["test", "--program", "p.js", "--sim", "s.json"], /test starts its own simulated host: drop --sim/],
  [["up", "--program", "p.js", "--parallel", "0"], /--parallel needs a positive integer/],
  [["up", "--program", "p.js", "--bogus"], /Unknown option '--bogus'/],
])("%j is refused with a message for the user", (args, message) => {
  expect(() => parseDriverArgs(args, dir)).toThrow(message);
});

test("without Pulumi.yaml the project must be given", () => {
  fs.rmSync(path.join(dir, "Pulumi.yaml"));
  expect(() => parseDriverArgs(["up", "--program", "p.js"], dir)).toThrow(/--project is required/);
  expect(parseDriverArgs(["up", "--program", "p.js", "--project", "p1"], dir)).toMatchObject({ project: "p1" });
});

test.each([
  ["name: nas\n", "nas"],
  ["runtime: nodejs\nname: \"quoted-name\" # comment\n", "quoted-name"],
  ["description: x\n", undefined],
])("projectNameOf(%j)", (yaml, name) => {
  expect(projectNameOf(yaml)).toBe(name);
});

test("simConfig: the keys the README's stack-config program reads, the key as a secret", () => {
  expect(simConfig("p", { host: "127.0.0.1", port: 2222, user: "root", hostKey: "ssh-ed25519 AAAA", privateKey: "KEY" })).toEqual({
    "p:host": "127.0.0.1", "p:port": "2222", "p:user": "root", "p:hostKey": "ssh-ed25519 AAAA", "p:privateKey": { value: "KEY", secret: true },
  });
});
