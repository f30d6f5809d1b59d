// `npm run sim -- --json`: compiled with tsc, run as node dist/test/sim/cli.js, used with the real ssh client.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bannerLine, parseCliArgs, SIM_USAGE } from "../cli";
import { findExecutable, requireOrSkip } from "../server/system-deps";
import { runOpenSsh } from "./helpers";

const ROOT = join(__dirname, "..", "..", "..");

test("without timing flags the options carry no delays (the suite stays instant)", () => {
  expect(Object.keys(parseCliArgs([]).options).filter((k) => /delay|dhcp/i.test(k))).toEqual([]);
});

test.each([
  { args: [], json: false, options: { mode: "ssh2" } },
  { args: ["--json", "--sshd"], json: true, options: { mode: "sshd" } },
  { args: ["--login-shell", "tcsh", "--truenas"], json: false, options: { loginShell: "tcsh", truenas: true } },
  { args: ["--latency-ms", "20", "--port", "2222"], json: false, options: { latencyMs: 20, port: 2222 } },
  { args: ["--interfaces", "igb0, igb1,ix0"], json: false, options: { interfaces: ["igb0", "igb1", "ix0"] } },
  {
    args: ["--interfaces", "em0,igb0:nolink,igb1:nolacp,ix0:maxmtu=1500:nolacp"],
    json: false,
    options: {
      interfaces: ["em0", { name: "igb0", link: false }, { name: "igb1", lacpPartner: false },
        { name: "ix0", maxMtu: 1500, lacpPartner: false }],
    },
  },
  { args: ["--link-delay-ms", "2000", "--lacp-delay-ms", "3000"], json: false, options: { linkDelayMs: 2000, lacpDelayMs: 3000 } },
  {
    args: ["--dhcp-lease-mtu", "9000", "--no-dhcp-server", "--dhcp-give-up-ms", "500"],
    json: false,
    options: { dhcp: { leaseMtu: 9000, server: false, noLinkGiveUpMs: 500 } },
  },
])("parseCliArgs($args)", ({ args, json, options }) => {
  const parsed = parseCliArgs(args);
  expect(parsed.json).toBe(json);
  expect(parsed.options).toMatchObject(options);
});

test.each([
  [["--login-shell", "fish"], /--login-shell must be one of sh, bash, zsh, tcsh, csh/],
  [["--port", "70000"], /--port needs an integer from 1 to 65535/],
  [["--latency-ms", "fast"], /--latency-ms needs an integer/],
  [["--bogus"], /Unknown option '--bogus'/],
  [["--interfaces", "igb0:fast"], /unknown flag "fast" on igb0/],
  [["--interfaces", "igb0:maxmtu=20"], /unknown flag "maxmtu=20"/],
  [["--link-delay-ms", "soon"], /--link-delay-ms needs an integer from 0/],
])("parseCliArgs(%j) rejects with a usage message", (args, message) => {
  expect(() => parseCliArgs(args)).toThrow(message);
});

test("--help asks for the usage and starts nothing", () => {
  expect(parseCliArgs(["--help"])).toMatchObject({ help: true });
  expect(parseCliArgs(["--json"]).help).toBeUndefined();
});

test.each([
  [false, "simulated FreeBSD host (ssh2, login shell sh) listening on 127.0.0.1:2222"],
  [true, "simulated TrueNAS CORE host (ssh2, login shell sh) listening on 127.0.0.1:2222"],
])("the banner names the kind of host (truenas: %s)", (truenas, line) => {
  expect(bannerLine({ mode: "ssh2", loginShell: "sh", host: "127.0.0.1", port: 2222 }, truenas)).toBe(line);
});

describe("the compiled CLI", () => {
  let outDir: string;
  let cli: ChildProcess | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "laggsim-cli-build-"));
    // Its own outDir and build info, so a concurrent `npm run build` is not disturbed. Type errors elsewhere in
    // the tree do not stop tsc from emitting, so only the emitted file is checked.
    await new Promise<void>((resolve) =>
      execFile(
        "npx",
        ["tsc", "-p", "tsconfig.json", "--outDir", outDir, "--tsBuildInfoFile", join(outDir, ".tsbuildinfo")],
        { cwd: ROOT, timeout: 170_000 },
        () => resolve(),
      ),
    );
    expect(existsSync(join(outDir, "test", "sim", "cli.js"))).toBe(true);
  }, 180_000);

  afterAll(() => {
    cli?.kill("SIGKILL");
    rmSync(outDir, { recursive: true, force: true });
  });

  test("--help prints the usage on stdout and exits 0", async () => {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile("node", [join(outDir, "test", "sim", "cli.js"), "--help"], {
        cwd: ROOT, env: { ...process.env, NODE_PATH: join(ROOT, "node_modules") },
      }, (error, stdout, stderr) => resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, stdout, stderr }));
      void child;
    });
    expect(r).toEqual({ code: 0, stdout: SIM_USAGE, stderr: "" });
  }, 30_000);

  test("--json prints exactly one JSON line with the connection details; SIGTERM stops and cleans up", async () => {
    cli = spawn("node", [join(outDir, "test", "sim", "cli.js"), "--json"], {
      cwd: ROOT,
      env: { ...process.env, NODE_PATH: join(ROOT, "node_modules") }, // the build lives outside the repo
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    cli.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    cli.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => cli?.once("exit", (code) => resolve(code)));
    await waitFor(() => stdout.includes("\n"), () => `no JSON line; stderr: ${stderr}`);
    const details = JSON.parse(stdout.split("\n")[0]) as Record<string, unknown>;
    expect(Object.keys(details).sort()).toEqual(["fingerprint", "host", "hostKey", "port", "privateKeyPath", "user"]);
    expect(details).toMatchObject({ host: "127.0.0.1", user: "root" });
    expect(details.hostKey).toMatch(/^ssh-ed25519 AAAA/);
    expect(details.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(existsSync(details.privateKeyPath as string)).toBe(true);

    if (findExecutable("ssh")) {
      const ssh = await runOpenSsh(details as unknown as Parameters<typeof runOpenSsh>[0], "ifconfig");
      expect(ssh).toMatchObject({ code: 0, stderr: "" });
      expect(ssh.stdout).toMatch(/^em0: flags=/);
    }

    cli.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout.split("\n")).toEqual([stdout.split("\n")[0], ""]);
    expect(stderr).toMatch(/listening on 127\.0\.0\.1:\d+/);
    expect(existsSync(details.privateKeyPath as string)).toBe(false);
  }, 60_000);
});

requireOrSkip("ssh", "the OpenSSH check of the CLI's details")("ssh client", () => {
  test("is installed for the CLI check above", () => {
    expect(findExecutable("ssh")).toMatch(/\/ssh$/);
  });
});

async function waitFor(condition: () => boolean, describeFailure: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(describeFailure());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
