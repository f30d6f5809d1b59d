// `npm run sim -- --truenas --fresh-install`: the host as the TrueNAS installer leaves it, over SSH. The first
// commit with a row unconfigures em0, which carries the session (fact 14): every session is cut.
import { parseCliArgs } from "../cli";
import { closed, connect, exec, startHost, stopAllHosts } from "./helpers";

afterEach(() => stopAllHosts());

test("--fresh-install parses into freshInstall and needs --truenas", () => {
  expect(parseCliArgs(["--truenas", "--fresh-install"]).options).toMatchObject({ truenas: true, freshInstall: true });
  expect(parseCliArgs(["--truenas"]).options).not.toHaveProperty("freshInstall");
  expect(() => parseCliArgs(["--fresh-install"])).toThrow(/--fresh-install needs --truenas/);
});

test("sessions arrive on em0's DHCP lease; the first lagg commit cuts them; the console's rollback brings em0 back", async () => {
  const host = await startHost({ truenas: true, freshInstall: true, truenasTiming: { linkPollMs: 1 } });
  const client = await connect(host);
  const lease = host.machine.managementAddress;
  expect(lease).toMatch(/^198\.51\.100\.\d+$/);
  expect((await exec(client, "echo $SSH_CONNECTION")).stdout.split(" ")[2]).toBe(lease);
  const em0 = JSON.parse((await exec(client, `midclt call interface.query '[["id","=","em0"]]' '{"get": true}'`)).stdout);
  expect(em0).toMatchObject({ ipv4_dhcp: true, aliases: [] });

  const create = `midclt call interface.create '{"type":"LINK_AGGREGATION","name":"lagg0","lag_protocol":"LACP",` +
    `"lag_ports":["igb0","igb1"],"aliases":[{"address":"10.0.0.5","netmask":24}]}'`;
  expect((await exec(client, create)).code).toBe(0);
  const gone = closed(client);
  const commit = await exec(client, "midclt call interface.commit");
  await gone;
  expect(commit.code).toBeNull();
  await expect(connect(host, { readyTimeout: 3_000 })).rejects.toThrow();

  const rollback = await host.machine.run("midclt", ["call", "interface.rollback"], { stdin: "", env: {} });
  expect(rollback.exitCode).toBe(0);
  const back = await connect(host);
  expect(await exec(back, "midclt call interface.has_pending_changes")).toMatchObject({ stdout: "False\n", code: 0 });
  back.end();
});
