// Every simulated host's sessions find the FreeBSD userland guards first on PATH (server/userland-guards.ts):
// a GNU-only form fails over SSH as it would on a real FreeBSD box, under sh and under the tcsh login shell.
import type { Client } from "ssh2";
import type { SimHost } from "../server/sim-host-types";
import { connect, exec, startHost, stopAllHosts } from "./helpers";

describe.each(["sh", "tcsh"] as const)("the userland guards over SSH (login shell %s)", (loginShell) => {
  let host: SimHost;
  let client: Client;
  beforeAll(async () => {
    host = await startHost({ loginShell });
    client = await connect(host);
  });
  afterAll(async () => {
    client.end();
    await stopAllHosts();
  });

  test.each<[string, string, RegExp]>([
    ["sed -i without an extension", "echo a > /tmp/g; sed -i 's/a/b/' /tmp/g", /^sed: -i takes an extension argument on FreeBSD/],
    ["date -d", "date -d now", /^date: illegal option -- d/],
    ["grep -P", "echo 1 | grep -P '\\d'", /^grep: -P is not a Perl regular expression/],
    ["readlink -e", "readlink -e /etc", /^readlink: illegal option -- e/],
  ])("%s is refused", async (_what, script, stderr) => {
    const r = await exec(client, "/bin/sh -s", `${script}\necho "rc=$?"\n`);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toMatch(/rc=[12]\n$/);
  });

  test("the FreeBSD forms run", async () => {
    const r = await exec(client, "/bin/sh -s", "echo a > /tmp/h; sed -i '' 's/a/b/' /tmp/h; cat /tmp/h; date +%s | grep -Ec '^[0-9]+$'\n");
    expect(r).toMatchObject({ stdout: "b\n1\n", stderr: "" });
  });
});
