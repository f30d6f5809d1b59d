// runOnHostAfterRead (provider/operations/run.ts): the operations' API over runConversation. The read's and
// the change's markers are parsed apart, LAGG_LOG_SCRIPTS logs both parts, and a refusal sends nothing more.
import { runOnHostAfterRead } from "../../../provider/operations/run";
import { renderMarkedRead } from "../../../provider/script/read";
import { closeAllConnections } from "../../../provider/ssh";
import { connectionTo, PASSWORD, USER } from "./helpers/fixtures";
import { TestSshServer } from "./helpers/test-server";

let server: TestSshServer;
let logged: string[];
let log: jest.SpyInstance;

beforeAll(async () => {
  delete process.env.SSH_AUTH_SOCK;
  server = await TestSshServer.start({ users: { [USER]: { password: PASSWORD } } });
});
beforeEach(() => {
  logged = [];
  log = jest.spyOn(console, "log").mockImplementation((text: string) => void logged.push(text));
  process.env.LAGG_LOG_SCRIPTS = "1";
});
afterEach(() => {
  log.mockRestore();
  delete process.env.LAGG_LOG_SCRIPTS;
});
afterAll(async () => {
  await closeAllConnections();
  await server.close();
});

const READ = { script: renderMarkedRead("read the own configuration of igb0", "@@r", ["echo 'igb0: flags=8843<UP> metric 0 mtu 1500'"], ["echo 'ifconfig_igb0=\"DHCP\"'"]), nonce: "@@r" };
const change = (seen: string) => ({ script: `# pulumi-freebsd-lagg: create lagg0\nprintf '%s RESULT 0 ok\\n' '@@a'\necho 'saw ${seen}'\nexit 0\n`, nonce: "@@a" });

test("one exec: the read's run and the change's run come back parsed apart, both parts logged", async () => {
  const before = server.execs.length;
  const r = await runOnHostAfterRead(connectionTo(server), "lagg0", READ, (read) => change(read.outcome.persistText.trim()));
  expect(server.execs.length - before).toBe(1);
  expect(r.read.outcome).toMatchObject({ code: 0, stateText: "igb0: flags=8843<UP> metric 0 mtu 1500\n", persistText: "ifconfig_igb0=\"DHCP\"" });
  expect(r.apply?.outcome.code).toBe(0);
  expect(r.apply?.exitCode).toBe(0);
  const scripts = logged.filter((l) => l.includes("----- BEGIN SCRIPT -----"));
  expect(scripts.map((l) => l.split("\n")[0].replace(/\d+ bytes/, "N bytes"))).toEqual([
    `[pulumi-freebsd-lagg ${server.host}] script for read the own configuration of igb0 (/bin/sh -s on the host), N bytes:`,
    `[pulumi-freebsd-lagg ${server.host}] script for create lagg0 (/bin/sh -s on the host), N bytes:`,
  ]);
  expect(scripts[0]).toContain("printf '%s READ-END\\n' @@r");
});

test("a plan that refuses: its error, nothing more sent, only the read logged", async () => {
  const error = await runOnHostAfterRead(connectionTo(server), "lagg0", READ, () => {
    throw new Error("igb0 carries the session's address");
  }).catch((e: Error) => e);
  expect(error).toEqual(new Error("igb0 carries the session's address"));
  expect(logged.filter((l) => l.includes("----- BEGIN SCRIPT -----"))).toHaveLength(1);
});
