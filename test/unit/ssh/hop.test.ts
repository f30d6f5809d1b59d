import { poolKeyOf, resolveHop, routeLabel } from "../../../provider/ssh/hop";

test("resolveHop fills remote.Connection defaults", () => {
  delete process.env.SSH_AUTH_SOCK;
  expect(resolveHop({ host: "nas1" })).toEqual({
    host: "nas1", port: 22, user: "root", password: undefined, privateKey: undefined, privateKeyPassword: undefined,
    agentSocketPath: undefined, dialErrorLimit: 10, perDialTimeoutMs: 15000, hostKey: undefined, knownHostsPath: undefined,
    insecureSkipHostKeyCheck: false,
  });
});

test.each<[string, string | undefined, string | undefined, string | undefined]>([
  ["SSH_AUTH_SOCK when no path is set", undefined, "/run/agent.sock", "/run/agent.sock"],
  ["the explicit path over SSH_AUTH_SOCK", "/mine.sock", "/run/agent.sock", "/mine.sock"],
  ["nothing when SSH_AUTH_SOCK is empty", undefined, "", undefined],
])("the agent socket is %s, read at call time", (_name, explicit, env, expected) => {
  process.env.SSH_AUTH_SOCK = env;
  try {
    expect(resolveHop({ host: "nas1", agentSocketPath: explicit }).agentSocketPath).toBe(expected);
  } finally {
    delete process.env.SSH_AUTH_SOCK;
  }
});

test.each([
  [{ host: "nas1" }, "root@nas1:22"],
  [{ host: "nas1", port: 2222, user: "admin" }, "admin@nas1:2222"],
  [{ host: "2001:db8::1" }, "root@[2001:db8::1]:22"],
  [{ host: "nas1", proxy: { host: "bastion", user: "jump" } }, "root@nas1:22 via jump@bastion:22"],
])("routeLabel(%p) = %p", (connection, expected) => {
  expect(routeLabel(connection)).toBe(expected);
});

test("pool keys separate credentials and host-key policy without containing them", () => {
  const keyOf = (extra: object) => poolKeyOf(resolveHop({ host: "nas1", ...extra }));
  const keys = [
    keyOf({ password: "hunter2-secret" }),
    keyOf({ password: "other-secret" }),
    keyOf({ privateKey: "KEY-secret" }),
    keyOf({ password: "hunter2-secret", hostKey: "SHA256:x" }),
    keyOf({ password: "hunter2-secret", insecureSkipHostKeyCheck: true }),
  ];
  expect(new Set(keys).size).toBe(keys.length);
  expect(keyOf({ password: "hunter2-secret", dialErrorLimit: 3 })).toBe(keys[0]);
  for (const key of keys) expect(key).not.toMatch(/secret/);
  expect(keys[0]).toMatch(/^root@nas1:22#[0-9a-f]{32}$/);
});
