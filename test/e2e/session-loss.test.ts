// A client that vanishes mid-apply (provider killed, laptop lid closed, NAT timeout) must not leave
// the host half-changed: the script finishes on the host (apply, verify, persist, or roll back)
// even though nobody reads its output any more. Real OpenSSH sshd closes the session's pipes when
// the client goes away, so a script that still writes gets SIGPIPE unless it ignores it.
import { Client } from "ssh2";
import { convergeSpec } from "../../provider/operations/spec";
import { renderApplyScript } from "../../provider/script";
import { renderPortReadScript } from "../../provider/operations/port-read";
import { readPhaseSentinel, renderReadPhase } from "../../provider/script/read";
import { checkLaggArgs } from "../../provider/schema";
import { parseIfconfig } from "../../provider/ifconfig/parse";
import type { LaggInputs } from "../../provider/types";
import { startSimHost } from "../sim";
import { createSimMachine, type TestSimMachine } from "../sim/machine";
import type { SimHost } from "../sim/server/sim-host-types";
import { findExecutable, requireOrSkip } from "../sim/server/system-deps";
import { onHost } from "./harness";

const MODES = [
  { title: "embedded ssh2, sh login shell", mode: "ssh2" as const, loginShell: "sh" as const, describe: describe },
  { title: "OpenSSH sshd, tcsh login shell", mode: "sshd" as const, loginShell: "tcsh" as const, describe: requireOrSkip(findExecutable("sshd") ? "tcsh" : "sshd", "an apply whose client vanishes, under real OpenSSH sshd") },
];

/**
 * Starts the script over SSH and kills the client's socket as soon as the first apply step is
 * reported; the steps after it are slowed down so sshd has closed the session before they write.
 * With `readFirst` the exec is the provider's two-part one: the read, then (at its sentinel) the apply.
 */
function runAndVanish(sim: SimHost, machine: TestSimMachine, script: string, readFirst?: { script: string; sentinel: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on("error", () => resolve());
    client.on("close", () => resolve());
    client.on("ready", () => {
      client.exec("/bin/sh -s", (err, channel) => {
        if (err) return reject(err);
        let out = "";
        channel.on("data", (d: Buffer) => {
          out += d.toString();
          if (!/ STEP /.test(out)) return;
          machine.faults.slowCommand("ifconfig", 300, { times: 4 });
          (client as unknown as { _sock: { destroy(): void } })._sock.destroy();
        });
        channel.stderr.on("data", () => undefined);
        if (!readFirst) return channel.end(script);
        channel.write(readFirst.script);
        const sentinelSeen = () => out.includes(`\n${readFirst.sentinel}\n`);
        const sendApply = () => (sentinelSeen() ? channel.end(script) : setTimeout(sendApply, 20));
        sendApply();
      });
    });
    client.connect({ host: sim.host, port: sim.port, username: sim.user, privateKey: sim.privateKey });
  });
}

for (const m of MODES) {
  m.describe(`a client that vanishes mid-apply (${m.title})`, () => {
    let sim: SimHost;
    const machine = createSimMachine({});
    beforeAll(async () => {
      sim = await startSimHost({ mode: m.mode, loginShell: m.loginShell, machine });
    });
    afterAll(async () => {
      await sim?.stop();
    });

    test.each([
      ["the apply alone", false],
      ["the apply sent after the joining ports' read in the same exec", true],
    ])("the host still finishes the whole change (%s): lagg configured, verified and persisted", async (_what, withRead) => {
      await onHost(sim, "ifconfig", "lagg0", "destroy");
      for (const v of ["ifconfig_lagg0", "ifconfig_lagg0_descr", "ifconfig_igb2"]) await onHost(sim, "sysrc", "-x", v);
      const args = { name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1", "igb2"], mtu: 9000, description: "uplink", addresses: ["192.0.2.10/24", "2001:db8::10/64"],
        connection: { host: sim.host, password: "x", insecureSkipHostKeyCheck: true } };
      const news = checkLaggArgs(args).inputs as unknown as LaggInputs;
      const script = renderApplyScript(convergeSpec({ operation: "create", nonce: "n0nce", news, checkActual: false }));
      const nonce = "@@read";
      await runAndVanish(sim, machine, script, withRead ? { script: renderReadPhase(renderPortReadScript(["igb0", "igb1", "igb2"], nonce), nonce), sentinel: readPhaseSentinel(nonce) } : undefined);
      // The script goes on without its client; wait for its last write to rc.conf.
      const deadline = Date.now() + 20_000;
      while ((await onHost(sim, "sysrc", "-n", "ifconfig_igb2")).exitCode !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const l = parseIfconfig((await onHost(sim, "ifconfig", "-v", "lagg0")).stdout)[0];
      expect(l?.lagg?.ports.map((p) => p.name)).toEqual(["igb0", "igb1", "igb2"]);
      expect(l?.mtu).toBe(9000);
      expect(l?.description).toBe("uplink");
      expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg0")).stdout).toMatch(/laggport igb2/);
      expect((await onHost(sim, "sysrc", "-n", "ifconfig_lagg0_descr")).stdout).toBe("uplink\n");
    });
  });
}
