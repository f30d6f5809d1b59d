// dhclient over SSH: the daemon's pid is in /var/run/dhclient/dhclient.IF.pid as the session sees it, and the
// session's `kill` ends it (what the provider's release_dhcp does), as on FreeBSD.
import type { Client } from "ssh2";
import type { TestSimMachine } from "../machine";
import type { SimHost } from "../server/sim-host-types";
import { connect, exec, processGone, startHost, stopAllHosts, waitFor } from "./helpers";

describe("a background dhclient started from a session", () => {
  let host: SimHost;
  let client: Client;
  beforeAll(async () => {
    host = await startHost({ hostname: "dhcp1" });
    client = await connect(host);
  });
  afterAll(async () => {
    client.end();
    await stopAllHosts();
  });

  test("has a real pid in its pidfile that kill stops", async () => {
    const machine = host.machine as TestSimMachine;
    const started = await exec(client, "ifconfig igb0 up && dhclient igb0 && cat /var/run/dhclient/dhclient.igb0.pid");
    expect(started.code).toBe(0);
    const pid = Number(started.stdout.trim());
    expect(machine.dhcp.find("igb0")?.pid).toBe(pid);
    expect(processGone(pid)).toBe(false);
    const killed = await exec(client, 'kill "$(cat /var/run/dhclient/dhclient.igb0.pid)"');
    expect(killed.code).toBe(0);
    await waitFor(() => machine.dhcp.find("igb0") === undefined);
    expect(processGone(pid)).toBe(true);
  });

  test("no dhclient process outlives the host", async () => {
    const other = await startHost({ hostname: "dhcp2" });
    const otherClient = await connect(other);
    await exec(otherClient, "ifconfig igb1 up && dhclient igb1");
    const pid = (other.machine as TestSimMachine).dhcp.find("igb1")!.pid;
    otherClient.end();
    await other.stop();
    await waitFor(() => processGone(pid));
  });
});
