// TrueNAS mode over the embedded ssh2 server: midclt is on the PATH and talks to the middleware emulation.
import type { Client } from "ssh2";
import type { SimHost } from "../server/sim-host-types";
import { connect, exec, startHost, stopAllHosts } from "./helpers";

let host: SimHost;
let client: Client;

beforeAll(async () => {
  // A new LACP lagg is down while lag_setup polls its link (10 s real): 1 ms polls here.
  host = await startHost({ truenas: true, truenasTiming: { linkPollMs: 1 } });
  client = await connect(host);
});
afterAll(async () => {
  client.end();
  await stopAllHosts();
});

test("midclt call interface.query prints Python-style JSON of the management NIC", async () => {
  const result = await exec(client, `midclt call interface.query '[["id","=","em0"]]' '{"get": true}'`);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^\{"id": "em0", "name": "em0", /);
  expect(JSON.parse(result.stdout)).toMatchObject({ type: "PHYSICAL", aliases: [{ type: "INET", address: "192.0.2.2", netmask: 24 }] });
});

test("create, commit and checkin over SSH; the session that committed still works", async () => {
  const create = `midclt call interface.create '{"type":"LINK_AGGREGATION","name":"lagg0","lag_protocol":"LACP","lag_ports":["igb0","igb1"]}'`;
  expect((await exec(client, create)).code).toBe(0);
  expect(await exec(client, `midclt -t 120 call interface.commit '{"checkin_timeout": 60}'`)).toMatchObject({ stdout: "null\n", code: 0 });
  expect(await exec(client, "midclt call interface.checkin")).toMatchObject({ stdout: "null\n", code: 0 });
  expect(await exec(client, "midclt call interface.has_pending_changes")).toMatchObject({ stdout: "False\n", code: 0 });
  expect((await exec(client, "ifconfig lagg0")).stdout).toContain("laggport: igb0 flags=1c<ACTIVE,COLLECTING,DISTRIBUTING>");
});

test("a validation error goes to stderr with exit status 1", async () => {
  const result = await exec(client, `midclt call interface.create '{"type":"LINK_AGGREGATION","name":"lagg01","lag_protocol":"LACP","lag_ports":["igb2"]}'`);
  expect(result).toMatchObject({
    stdout: "", code: 1, stderr: '[EINVAL] interface_create.name: Link aggregation interface name cannot start with "lagg0".\n',
  });
});

test("over SSH, midclt answers 'Call timeout' (exit 1) while a slow commit (ports without link) goes on", async () => {
  const slow = await startHost({
    truenas: true, interfaces: ["em0", { name: "igb0", link: false }, "igb1"], truenasTiming: { linkPollMs: 50, midcltSecondMs: 1 },
  });
  const session = await connect(slow);
  const create = `midclt call interface.create '{"type":"LINK_AGGREGATION","name":"lagg0","lag_protocol":"FAILOVER","lag_ports":["igb0"]}'`;
  expect((await exec(session, create)).code).toBe(0);
  expect(await exec(session, "midclt call interface.commit")).toMatchObject({ stdout: "", stderr: "Call timeout\n", code: 1 });
  expect(await exec(session, "midclt call interface.checkin_waiting")).toMatchObject({ stdout: "null\n", code: 0 });
  expect(await exec(session, "midclt -t 5000 call interface.sync")).toMatchObject({ stdout: "null\n", code: 0 });
  session.end();
});
