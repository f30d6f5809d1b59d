import { checkLaggArgs } from "../../../provider/schema";
import { FINGERPRINT, HOST_KEY, PRIVATE_KEY, argsWith, connectionWith, failuresOf, publicKeyLine } from "./fixtures";

const savedAgent = process.env.SSH_AUTH_SOCK;
beforeEach(() => {
  delete process.env.SSH_AUTH_SOCK;
});
afterAll(() => {
  if (savedAgent === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = savedAgent;
});

const PROXY = { host: "bastion.example.net", password: "pw", knownHostsPath: "/home/ci/.ssh/known_hosts" };

describe("connections that pass", () => {
  test.each<[string, Record<string, unknown>]>([
    ["private key + hostKey line", {}],
    ["password + fingerprint", { privateKey: undefined, password: "pw", hostKey: FINGERPRINT }],
    ["agent socket + known_hosts", { privateKey: undefined, agentSocketPath: "/tmp/agent.sock", hostKey: undefined, knownHostsPath: "/root/.ssh/known_hosts" }],
    ["explicit insecure skip", { hostKey: undefined, insecureSkipHostKeyCheck: true }],
    ["IPv4 host", { host: "192.0.2.1" }],
    ["IPv6 host", { host: "2001:db8::1" }],
    ["link-local IPv6 host with zone", { host: "fe80::1%em0" }],
    ["single-label host", { host: "nas1" }],
    ["host with trailing dot", { host: "nas1.example.net." }],
    ["port 65535, user admin", { port: 65535, user: "admin" }],
    ["unlimited dials, no dial timeout", { dialErrorLimit: -1, perDialTimeout: 0 }],
    ["key with passphrase", { privateKeyPassword: "" }],
    ["PEM RSA key", { privateKey: "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----" }],
    ["jump host", { proxy: PROXY }],
    ...["ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"].map(
      (type): [string, Record<string, unknown>] => [`hostKey type ${type}`, { hostKey: publicKeyLine(type) }],
    ),
    ["hostKey rsa-sha2-512 with an ssh-rsa blob", { hostKey: publicKeyLine("rsa-sha2-512", "ssh-rsa") }],
    ["hostKey without comment", { hostKey: publicKeyLine("ssh-ed25519", "ssh-ed25519", "") }],
  ])("%s", (_label, patch) => {
    expect(failuresOf(connectionWith(patch))).toEqual([]);
  });

  test("SSH_AUTH_SOCK in the provider's environment counts as authentication", () => {
    const args = connectionWith({ privateKey: undefined });
    expect(failuresOf(args)).toEqual([{ property: "connection", reason: expect.stringMatching(/no SSH authentication/) }]);
    process.env.SSH_AUTH_SOCK = "/tmp/ssh-agent.sock";
    expect(failuresOf(args)).toEqual([]);
  });

  test("defaults are filled for the connection and its proxy", () => {
    const { inputs, failures } = checkLaggArgs(connectionWith({ proxy: PROXY }));
    expect(failures).toEqual([]);
    expect(inputs.connection).toEqual({
      host: "nas1.example.net", port: 22, user: "root", privateKey: PRIVATE_KEY, dialErrorLimit: 10, perDialTimeout: 15,
      hostKey: HOST_KEY,
      proxy: { ...PROXY, port: 22, user: "root", dialErrorLimit: 10, perDialTimeout: 15 },
    });
  });
});

describe("connections that fail", () => {
  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing host", { host: undefined }, "connection.host", /^required: the host name or IP address/],
    ["empty host", { host: "" }, "connection.host", /must not be empty/],
    ["host with a space", { host: "nas 1" }, "connection.host", /whitespace/],
    ["user@host", { host: "root@nas1" }, "connection.host", /put the user name in `user`/],
    ["host:port", { host: "nas1:2222" }, "connection.host", /put the port in `port`/],
    ["bracketed IPv6", { host: "[2001:db8::1]" }, "connection.host", /without brackets/],
    ["bad IPv4", { host: "192.0.2.300" }, "connection.host", /not a valid IPv4 address/],
    ["bad IPv6", { host: "2001:db8:::1" }, "connection.host", /not a valid IPv6 address/],
    ["host with a slash", { host: "nas1/24" }, "connection.host", /expected a host name/],
    ["host a number", { host: 10 }, "connection.host", /expected a string, got a number/],
    ["port 0", { port: 0 }, "connection.port", /^expected an integer from 1 to 65535$/],
    ["port 65536", { port: 65536 }, "connection.port", /1 to 65535/],
    ["port as string", { port: "22" }, "connection.port", /expected a number .*got a string/],
    ["empty user", { user: "" }, "connection.user", /must not be empty/],
    ["empty password", { password: "" }, "connection.password", /must not be empty/],
    ["dialErrorLimit -2", { dialErrorLimit: -2 }, "connection.dialErrorLimit", /integer of at least -1/],
    ["perDialTimeout -1", { perDialTimeout: -1 }, "connection.perDialTimeout", /integer of at least 0 seconds/],
    ["perDialTimeout fraction", { perDialTimeout: 1.5 }, "connection.perDialTimeout", /integer of at least 0/],
    ["no authentication", { privateKey: undefined }, "connection", /no SSH authentication configured: set privateKey, password or agentSocketPath.*SSH_AUTH_SOCK/],
    ["no host key verification", { hostKey: undefined }, "connection", /host key must be verified: set hostKey .*knownHostsPath.*insecureSkipHostKeyCheck: true/],
    ["insecureSkipHostKeyCheck false is not a skip", { hostKey: undefined, insecureSkipHostKeyCheck: false }, "connection", /host key must be verified/],
    ["skip together with hostKey", { insecureSkipHostKeyCheck: true }, "connection.insecureSkipHostKeyCheck", /contradicts hostKey/],
    ["insecureSkipHostKeyCheck a string", { hostKey: FINGERPRINT, insecureSkipHostKeyCheck: "yes" }, "connection.insecureSkipHostKeyCheck", /expected true or false/],
    ["empty knownHostsPath", { hostKey: undefined, knownHostsPath: "" }, "connection.knownHostsPath", /must not be empty/],
    ["privateKey is a path", { privateKey: "~/.ssh/id_ed25519" }, "connection.privateKey", /looks like a file path/],
    ["privateKey is a public key", { privateKey: HOST_KEY }, "connection.privateKey", /looks like a public key/],
    ["privateKey is PuTTY", { privateKey: "PuTTY-User-Key-File-3: ssh-ed25519\n" }, "connection.privateKey", /PuTTY keys are not supported/],
    ["privateKey garbage", { privateKey: "hunter2" }, "connection.privateKey", /expected PEM or OpenSSH private key text/],
    ["privateKey a number", { privateKey: 1 }, "connection.privateKey", /expected a string, got a number/],
    ["hostKey with unknown type", { hostKey: publicKeyLine("ssh-dss") }, "connection.hostKey", /unsupported or missing key type/],
    ["hostKey known_hosts line", { hostKey: `nas1 ${HOST_KEY}` }, "connection.hostKey", /looks like a known_hosts line/],
    ["hostKey blob of another type", { hostKey: publicKeyLine("ssh-ed25519", "ssh-rsa") }, "connection.hostKey", /not a ssh-ed25519 key/],
    ["hostKey bad base64", { hostKey: "ssh-ed25519 AAAA!!!!" }, "connection.hostKey", /not base64/],
    ["hostKey type only", { hostKey: "ssh-ed25519" }, "connection.hostKey", /not base64/],
    ["short fingerprint", { hostKey: "SHA256:abc" }, "connection.hostKey", /malformed SHA256 fingerprint/],
    ["fingerprint with padding", { hostKey: `${FINGERPRINT}=` }, "connection.hostKey", /drop the trailing "="/],
    ["MD5 fingerprint", { hostKey: "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48" }, "connection.hostKey", /MD5 fingerprints are not supported/],
    ["unknown field", { privateKeyPath: "/root/.ssh/id" }, "connection.privateKeyPath", /^unknown property "privateKeyPath"; did you mean "privateKey"\?$/],
    ["abbreviated field", { timeout: 5 }, "connection.timeout", /^unknown property "timeout"; did you mean "perDialTimeout"\?$/],
    ["unknown field far from any", { zzzz: 5 }, "connection.zzzz", /^unknown property "zzzz"; known properties: host, port, user/],
    ["proxy not an object", { proxy: "bastion" }, "connection.proxy", /expected an object, got a string/],
    ["proxy port", { proxy: { ...PROXY, port: 0 } }, "connection.proxy.port", /1 to 65535/],
    ["proxy without host", { proxy: { password: "pw", knownHostsPath: "/k" } }, "connection.proxy.host", /^required/],
    ["proxy without host key check", { proxy: { host: "b", password: "pw" } }, "connection.proxy", /host key must be verified/],
    ["proxy without auth", { proxy: { host: "b", knownHostsPath: "/k" } }, "connection.proxy", /no SSH authentication/],
    ["nested proxy", { proxy: { ...PROXY, proxy: { host: "c" } } }, "connection.proxy.proxy", /cannot have its own proxy/],
    ["proxy unknown field", { proxy: { ...PROXY, hostkey: FINGERPRINT } }, "connection.proxy.hostkey", /did you mean "hostKey"\?/],
  ])("%s", (_label, patch, property, reason) => {
    expect(failuresOf(connectionWith(patch))).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test.each<[string, unknown, RegExp]>([
    ["missing", undefined, /^required: the SSH connection/],
    ["null", null, /^required: the SSH connection/],
    ["a string", "ssh://root@nas1", /^expected an object, got a string$/],
    ["a list", [], /^expected an object, got a list$/],
  ])("connection %s", (_label, connection, reason) => {
    expect(failuresOf(argsWith({ connection }))).toEqual([{ property: "connection", reason: expect.stringMatching(reason) }]);
  });
});
