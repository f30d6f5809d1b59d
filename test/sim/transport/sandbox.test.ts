// The simulated host is a sandbox with FreeBSD's layout: what a session sees and changes is the host's own
// file system, never the machine running the simulator (both SSH modes).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "ssh2";
import { sandboxUnavailableReason } from "../server/sandbox";
import type { SimHost, SimHostOptions } from "../server/sim-host-types";
import { requireOrSkip } from "../server/system-deps";
import { connect, exec, startHost, stopAllHosts } from "./helpers";

const unavailable = sandboxUnavailableReason();
const describeSandbox = unavailable && process.env.LAGG_REQUIRE_SYSTEM_DEPS !== "1" ? describe.skip : describe;
if (unavailable) process.stderr.write(`sandbox tests skipped: ${unavailable}\n`);

const hasSshd = requireOrSkip("/usr/sbin/sshd", "the sandbox under sshd") !== describe.skip;
const MODES: { name: string; options: SimHostOptions }[] = [
  { name: "ssh2", options: { hostname: "nas1" } },
  ...(hasSshd ? [{ name: "sshd", options: { hostname: "nas1", mode: "sshd", loginShell: "bash" } as SimHostOptions }] : []),
];

describeSandbox.each(MODES)("sandbox ($name mode)", ({ options }) => {
  let host: SimHost;
  let client: Client;
  beforeAll(async () => {
    host = await startHost(options);
    client = await connect(host);
  });
  afterAll(async () => {
    client.end();
    await stopAllHosts();
  });

  test("/etc/rc.conf is the host's: cat shows what sysrc wrote, and a hand edit is what boot reads", async () => {
    await exec(client, "sysrc ifconfig_igb0=up");
    const { stdout } = await exec(client, "cat /etc/rc.conf");
    expect(stdout).toBe('hostname="nas1"\nifconfig_em0="inet 192.0.2.2/24"\nsshd_enable="YES"\nifconfig_igb0="up"\n');
    await exec(client, "echo 'ifconfig_igb1=\"inet 10.9.9.9/24\"' >> /etc/rc.conf");
    expect((await exec(client, "sysrc -n ifconfig_igb1")).stdout).toBe("inet 10.9.9.9/24\n");
  });

  test("/var/run, /var/db, /root and /tmp are the host's own, with FreeBSD's layout", async () => {
    const { stdout, code } = await exec(client, "mkdir -p /var/run/dhclient && echo x > /var/db/probe && echo y > /tmp/probe && ls / && cd && pwd");
    expect(code).toBe(0);
    const names = stdout.split("\n");
    for (const dir of ["etc", "var", "tmp", "root", "usr", "bin", "sbin", "dev"]) expect(names).toContain(dir);
    expect(names).not.toContain("work");
    expect(names.at(-2)).toBe("/root");
    expect(existsSync("/var/db/probe")).toBe(false);
    expect(readFileSync(join((host.machine as { rootDir?: string }).rootDir ?? "", "var/db/probe"), "utf8")).toBe("x\n");
  });

  test("nothing a script runs reaches the real machine's files", async () => {
    const { stdout } = await exec(client, "ls /work 2>&1; ls /proc 2>&1 | head -1; touch /usr/laggsim-probe 2>&1; cat /etc/hostname 2>&1");
    expect(stdout).toMatch(/No such file or directory/);
    expect(stdout).toMatch(/Read-only file system/);
    expect(existsSync("/usr/laggsim-probe")).toBe(false);
    expect(stdout).not.toContain(readFileSync("/etc/hostname", "utf8").trim() || "\u0000");
  });

  test("the emulated commands still work inside, through /bin/sh -s as the provider runs them", async () => {
    const result = await exec(client, "/bin/sh -s", "ifconfig -l\nuname -s\n");
    expect(result.stdout).toBe("em0 em1 igb0 igb1 igb2 igb3 ix0 ix1 lo0\nFreeBSD\n");
    expect(result.code).toBe(0);
  });
});
