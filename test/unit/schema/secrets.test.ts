// Check failures are printed by the Pulumi CLI: no reason may echo a connection value, least of all a secret.
import { checkLaggArgs } from "../../../provider/schema";
import { FINGERPRINT, PRIVATE_KEY, argsWith, connectionWith } from "./fixtures";

const MARKER = "Zq7SECRETMARKERx9";

/** Values built around the marker that hit every format rule (paths, keys, hosts, fingerprints, junk). */
const markedValues = [
  MARKER,
  `${MARKER}\n`,
  ` ${MARKER} `,
  `~/.ssh/${MARKER}`,
  `/root/${MARKER}`,
  `-----BEGIN ${MARKER} PRIVATE KEY-----`,
  `-----BEGIN OPENSSH PRIVATE KEY-----\n${MARKER}\n`,
  `PuTTY-User-Key-File-3: ${MARKER}`,
  `ssh-ed25519 ${MARKER}`,
  `ssh-ed25519 QUFBQQ== ${MARKER}`,
  `${MARKER} ssh-ed25519 AAAA`,
  `SHA256:${MARKER}`,
  `MD5:${MARKER}`,
  `root@${MARKER}`,
  `${MARKER}:22`,
  `[${MARKER}]`,
  `${MARKER}::1`,
  `1.2.3.${MARKER}`,
  `${MARKER}/24`,
];

const fields = ["password", "privateKey", "privateKeyPassword", "host", "user", "agentSocketPath", "knownHostsPath", "hostKey"];

/** Every way the marker can enter a connection: each field, each hop, broken siblings, unknown keys. */
function markedConnections(): Record<string, unknown>[] {
  const cases: Record<string, unknown>[] = [];
  for (const field of fields) {
    for (const value of markedValues) {
      cases.push(connectionWith({ [field]: value }));
      cases.push(connectionWith({ [field]: value, hostKey: undefined, port: "22" }));
      cases.push(connectionWith({ [field]: value, privateKey: field === "privateKey" ? value : undefined }));
      cases.push(connectionWith({ proxy: { host: "bastion", knownHostsPath: "/k", [field]: value } }));
      cases.push(connectionWith({ proxy: { [field]: value, proxy: { password: MARKER } } }));
    }
  }
  cases.push(connectionWith({ passwd: MARKER, privateKey: undefined }));
  cases.push(connectionWith({ privateKey: PRIVATE_KEY.replace("b3Bl", MARKER), hostKey: `SHA256:${MARKER}` }));
  cases.push(argsWith({ connection: MARKER }));
  cases.push(argsWith({ connection: [MARKER] }));
  cases.push(argsWith({ password: MARKER, privateKey: MARKER }));
  cases.push(connectionWith({ password: MARKER, privateKey: undefined, hostKey: FINGERPRINT, port: MARKER, dialErrorLimit: MARKER }));
  return cases;
}

describe("no failure reason echoes a connection value", () => {
  const cases = markedConnections();

  test("the sweep reaches every rule that looks at connection values", () => {
    const failingProperties = new Set(cases.flatMap((args) => checkLaggArgs(args).failures.map((f) => f.property)));
    expect([...failingProperties]).toEqual(
      expect.arrayContaining([
        "connection", "connection.host", "connection.privateKey", "connection.hostKey", "connection.port",
        "connection.dialErrorLimit", "connection.passwd", "connection.proxy", "connection.proxy.host",
        "connection.proxy.privateKey", "connection.proxy.hostKey", "connection.proxy.proxy",
      ]),
    );
  });

  test.each(cases.map((args, index) => [index, args] as const))("case %i", (_index, args) => {
    const { failures } = checkLaggArgs(args);
    for (const failure of failures) {
      expect(failure.reason).not.toContain(MARKER);
      expect(failure.reason).not.toContain(MARKER.slice(0, 8));
      expect(failure.property).not.toContain(MARKER);
    }
  });
});
