// Sessions arrive on the management address: they die with it, and with a reboot.
import type { CommandContext } from "../machine-api";
import type { SimHost } from "../server/sim-host-types";
import { readFileSync } from "node:fs";
import { closed, connect, exec, processGone, startHost, stopAllHosts, waitFor } from "./helpers";

afterEach(() => stopAllHosts());

const CONSOLE: CommandContext = { stdin: "", env: {} };

/** Runs a command on the host's console (no SSH), as an operator with out-of-band access would. */
async function onConsole(host: SimHost, command: string, ...argv: string[]): Promise<void> {
  const result = await host.machine.run(command, argv, CONSOLE);
  expect(result).toMatchObject({ exitCode: 0 });
}

const MGMT_CIDR = "192.0.2.2/24";

test.each([
  { how: "interface down", cut: ["em0", "down"], restore: ["em0", "up"] },
  { how: "address removed", cut: ["em0", "inet", MGMT_CIDR, "-alias"], restore: ["em0", "inet", MGMT_CIDR, "alias"] },
])("management path lost ($how): every session is cut, new ones refused until it is back", async ({ cut, restore }) => {
  const host = await startHost();
  const idle = await connect(host);
  const idleGone = closed(idle);
  const worker = await connect(host);
  const workerGone = closed(worker);
  const result = await exec(worker, `ifconfig ${cut.join(" ")}`);
  await Promise.all([idleGone, workerGone]);
  expect(result.code).toBeNull();
  await expect(connect(host, { readyTimeout: 3_000 })).rejects.toThrow();

  await onConsole(host, "ifconfig", ...restore);
  const back = await connect(host);
  expect(await exec(back, "echo back")).toMatchObject({ stdout: "back\n", code: 0 });
  back.end();
});

test("a script cut off from its client still runs to the end, like one behind a dead path", async () => {
  const host = await startHost();
  const client = await connect(host);
  const gone = closed(client);
  const script = "ifconfig em0 down\nsleep 0.3\nifconfig em0 up\necho done\n";
  await exec(client, "/bin/sh -s", script);
  await gone;
  await waitFor(() => host.execs.length === 1);
  expect(host.execs[0]).toMatchObject({ command: "/bin/sh -s", stdin: script, exitCode: 0, connectionCut: true });
  const argvs = host.machine.records.commands.map((c) => c.argv.join(" "));
  expect(argvs).toEqual(expect.arrayContaining(["em0 down", "em0 up"]));
  const again = await connect(host);
  expect(await exec(again, "echo reachable")).toMatchObject({ stdout: "reachable\n" });
  again.end();
});

test("a script whose stdin EOF never arrived resumes when the dead connection times out", async () => {
  const host = await startHost({ deadConnectionLingerMs: 300 });
  const client = await connect(host);
  const gone = closed(client);
  const script = "ifconfig em0 down\nifconfig em0 up\necho done\n";
  client.exec("/bin/sh -s", (error, channel) => {
    if (!error) channel.write(script); // no EOF: the client dies before it would send it
  });
  await gone;
  await waitFor(() => host.execs.length === 1);
  expect(host.execs[0]).toMatchObject({ stdin: script, exitCode: 0, connectionCut: true });
  expect(host.execs[0].durationMs).toBeGreaterThanOrEqual(300);
  expect(host.machine.records.commands.map((c) => c.argv.join(" "))).toContain("em0 up");
});

test("dropWhenInterfaceChanges cuts sessions when that interface changes, without refusing new ones", async () => {
  const host = await startHost();
  host.faults.dropWhenInterfaceChanges("lagg0");
  const client = await connect(host);
  const gone = closed(client);
  await exec(client, "ifconfig em1 up");
  expect(await exec(client, "echo still here")).toMatchObject({ stdout: "still here\n" });
  await exec(client, "ifconfig lagg0 create");
  await gone;
  const next = await connect(host);
  expect(await exec(next, "echo new session")).toMatchObject({ stdout: "new session\n" });
  next.end();
});

test("a reboot drops every session and kills the host's processes", async () => {
  const host = await startHost();
  const watcher = await connect(host);
  const watcherGone = closed(watcher);
  const sleeper = exec(watcher, "sleep 30; echo survived");
  const rebooter = await connect(host);
  await exec(rebooter, "daemon -f -p $LAGG_STATE_DIR/sleep.pid sleep 60");
  const pid = Number(readFileSync(`${host.stateDir}/sleep.pid`, "utf8"));
  expect(processGone(pid)).toBe(false);
  await exec(rebooter, "reboot");
  await watcherGone;
  expect((await sleeper).stdout).toBe("");
  await waitFor(() => processGone(pid));
  const after = await connect(host);
  expect(await exec(after, "echo up again")).toMatchObject({ stdout: "up again\n" });
  after.end();
});
