// Shared inputs for the schema tests: a valid Lagg, key material shapes, helpers to run check.
import { checkLaggArgs, CheckFailure } from "../../../provider/schema";

/** An authorized_keys line whose base64 blob names `blobType` (defaults to the line's own type). */
export function publicKeyLine(type: string, blobType = type, comment = "root@nas1"): string {
  const name = Buffer.from(blobType, "latin1");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  const blob = Buffer.concat([length, name, Buffer.alloc(4, 0), Buffer.alloc(32, 7)]);
  return `${type} ${blob.toString("base64")} ${comment}`.trim();
}

/** Shape-only private key text (check never parses the key material). */
export const PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
export const HOST_KEY = publicKeyLine("ssh-ed25519");
export const FINGERPRINT = "SHA256:NuM14SJlT1f4SA18KNeUrwFPG8EDKBKHBPc37OA7SCc";

/** A complete, valid set of Lagg arguments (a fresh object each call). */
export function validArgs(): Record<string, unknown> {
  return {
    connection: { host: "nas1.example.net", privateKey: PRIVATE_KEY, hostKey: HOST_KEY },
    name: "lagg0",
    protocol: "lacp",
    ports: ["igb0", "igb1"],
  };
}

/** Valid arguments with top-level properties replaced (undefined deletes one). */
export function argsWith(patch: Record<string, unknown>): Record<string, unknown> {
  const args = { ...validArgs(), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete args[key];
  return args;
}

/** Valid arguments with connection fields replaced (undefined deletes one). */
export function connectionWith(patch: Record<string, unknown>): Record<string, unknown> {
  const connection: Record<string, unknown> = { ...(validArgs().connection as object), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete connection[key];
  return argsWith({ connection });
}

/** The failures check reports for these arguments. */
export function failuresOf(args: unknown): CheckFailure[] {
  return checkLaggArgs(args as Record<string, unknown>).failures;
}
