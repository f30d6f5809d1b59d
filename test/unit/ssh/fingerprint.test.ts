import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { fingerprintOf } from "../../../provider/ssh";
import { keyTypeOf, normalizeFingerprint, parsePublicKeyLine } from "../../../provider/ssh/fingerprint";
import { generateKeyPair, generateTypedKeyPair } from "./helpers/test-server";

const keys = { ed25519: generateKeyPair().public, ecdsa: generateTypedKeyPair("ecdsa").public, rsa: generateTypedKeyPair("rsa").public };
const dir = mkdtempSync(join(tmpdir(), "ssh-fingerprint-"));

test.each(Object.entries(keys))("fingerprintOf matches `ssh-keygen -l` for an %s key", (name, line) => {
  const file = join(dir, `${name}.pub`);
  writeFileSync(file, line + "\n");
  const keygen = spawnSync("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", file], { encoding: "utf8" });
  expect(keygen.status).toBe(0);
  const printed = keygen.stdout.split(" ")[1];
  expect(fingerprintOf(parsePublicKeyLine(line)!.blob)).toBe(printed);
  expect(printed).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
});

test.each([
  ["a bare line", `${keys.ed25519}`, "ssh-ed25519"],
  ["a line with a comment", `${keys.ecdsa} admin@nas1`, "ecdsa-sha2-nistp256"],
  ["a line with options before the type", `from="10.0.0.1",no-pty ${keys.rsa}`, "ssh-rsa"],
  ["surrounding whitespace", `  ${keys.ed25519}\n`, "ssh-ed25519"],
  ["an RSA key written with its rsa-sha2-512 algorithm name", keys.rsa.replace(/^ssh-rsa /, "rsa-sha2-512 "), "ssh-rsa"],
  ["an RSA key written with its rsa-sha2-256 algorithm name", keys.rsa.replace(/^ssh-rsa /, "rsa-sha2-256 "), "ssh-rsa"],
])("parsePublicKeyLine reads %s", (_name, line, type) => {
  const key = parsePublicKeyLine(line);
  expect(key?.type).toBe(type);
  expect(keyTypeOf(key!.blob)).toBe(type);
});

test.each([
  ["no key at all", "hello world"],
  ["a type that disagrees with the blob", keys.ed25519.replace("ssh-ed25519", "ssh-rsa")],
  ["an rsa-sha2 name in front of a non-RSA key", keys.ed25519.replace("ssh-ed25519", "rsa-sha2-256")],
  ["broken base64", "ssh-ed25519 AAAA$$$"],
  ["an empty string", ""],
])("parsePublicKeyLine rejects %s", (_name, line) => {
  expect(parsePublicKeyLine(line)).toBeUndefined();
});

test.each([
  ["SHA256:abc", "SHA256:abc"],
  ["SHA256:abc=", "SHA256:abc"],
  [" SHA256:abc \n", "SHA256:abc"],
])("normalizeFingerprint(%p) = %p", (input, expected) => {
  expect(normalizeFingerprint(input)).toBe(expected);
});

test.each([
  ["a short buffer", Buffer.from([0, 0])],
  ["an absurd length", Buffer.from([0xff, 0xff, 0xff, 0xff, 0x41])],
])("keyTypeOf refuses %s", (_name, blob) => {
  expect(keyTypeOf(blob)).toBeUndefined();
});
