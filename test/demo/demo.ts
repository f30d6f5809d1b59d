// `npm run demo`: examples/basic against an embedded simulated FreeBSD host, through the same
// gRPC dynamic-provider host `pulumi up` uses: preview, up, ifconfig, update, refresh, destroy.
// Each step is labelled with what really runs: the engine-less driver (test/engine, the `lagg-driver` bin)
// in place of the Pulumi CLI, and the simulator's own ifconfig in place of an SSH login.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureProgram, Engine, type EngineEvent } from "../engine";
import { startSimHost } from "../sim";

const REPO = path.resolve(__dirname, "../../..");
const PROGRAM = path.join(REPO, "dist/examples/basic/index.js");
const PROJECT = "pulumi-freebsd-lagg-basic";
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function printEvent(e: EngineEvent): void {
  if (e.kind === "provider-log" && e.line.trim()) console.log(`    ${e.line}`);
  if (e.kind === "step-finished") console.log(`    ${e.status === "failed" ? "✗" : "✓"} ${e.op} ${e.urn.split("::").pop()} (${e.durationMs} ms)${e.error ? `: ${e.error}` : ""}`);
  if (e.kind === "diagnostic") console.log(`    ${e.severity}: ${e.message}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(bold("Starting a simulated FreeBSD 14.1 host (embedded SSH server on 127.0.0.1)..."));
  console.log("  No Pulumi CLI runs here: the engine-less driver plays its part over the same gRPC protocol.");
  const sim = await startSimHost({});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lagg-demo-"));
  try {
    console.log(`  root@${sim.host}:${sim.port}  host key ${sim.fingerprint}\n`);
    const ns = (k: string) => `${PROJECT}:${k}`;
    const baseConfig = {
      [ns("host")]: sim.host,
      [ns("port")]: String(sim.port),
      [ns("user")]: sim.user,
      [ns("hostKey")]: sim.hostKey,
      [ns("privateKey")]: { value: sim.privateKey, secret: true as const },
    };
    const engine = new Engine({ statePath: path.join(dir, "state.json"), project: PROJECT, stack: "demo", cwd: REPO, onEvent: printEvent });
    const run = async (title: string, config: Record<string, unknown>, op: "preview" | "up") => {
      console.log(bold(`▶ ${op} (${op === "preview" ? "Check + Diff" : "Check, Diff, then Create/Update"} through the dynamic-provider host, as \`pulumi ${op}\` would): ${title}`));
      const { resources } = await captureProgram({ program: PROGRAM, project: PROJECT, stack: "demo", config: config as never, cwd: REPO, priorState: engine.state().resources });
      const r = op === "preview" ? await engine.preview(resources) : await engine.up(resources);
      console.log(r.text.replace(/^/gm, "  "));
      if (r.errors.length) throw new Error(r.errors.map((e) => e.message).join("\n"));
      console.log();
    };
    const ifconfig = async () => {
      console.log(bold("▶ the simulated host's `ifconfig -v lagg0` (read inside the simulator, not over SSH)"));
      const r = await sim.machine.run("ifconfig", ["-v", "lagg0"], { stdin: "", env: {} });
      console.log(r.stdout.replace(/^/gm, "  "));
    };

    await run("what would change (no SSH connection is made)", baseConfig, "preview");
    await run("create lagg0: lacp over igb0+igb1, MTU 9000, IPv4+IPv6", baseConfig, "up");
    await ifconfig();
    const updated = { ...baseConfig, [ns("mtu")]: "1500", [ns("description")]: "uplink to core-sw2", [ns("ports")]: JSON.stringify(["igb0", "igb1", "igb2"]) };
    await run("update in place: MTU, description, a third port", updated, "preview");
    await run("apply the update", updated, "up");
    await ifconfig();

    console.log(bold("▶ a hand edit on the host, made inside the simulator: ifconfig lagg0 -laggport igb2"));
    await sim.machine.run("ifconfig", ["lagg0", "-laggport", "igb2"], { stdin: "", env: {} });
    console.log(bold("▶ refresh (Read through the dynamic-provider host, as `pulumi refresh` would)"));
    const refreshed = await engine.refresh();
    console.log(refreshed.text.replace(/^/gm, "  ") + "\n");
    await run("the drift shows as an update", updated, "preview");
    await run("converge again", updated, "up");

    console.log(bold("▶ destroy (Delete through the dynamic-provider host, as `pulumi destroy` would)"));
    const d = await engine.destroy();
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join("\n"));
    const gone = await sim.machine.run("ifconfig", ["lagg0"], { stdin: "", env: {} });
    console.log(`  lagg0 destroyed: ${gone.stderr.trim()}`);
    console.log(`\n${bold("Demo finished")} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${sim.execs.length} SSH execs in all.`);
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`demo failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    process.exit(1);
  },
);
