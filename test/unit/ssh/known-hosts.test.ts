import { createHmac } from "crypto";
import { hostFieldMatches, knownHostsName, lookupKnownHost, parseKnownHosts } from "../../../provider/ssh/known-hosts";
import { generateKeyPair } from "./helpers/test-server";

const keyA = generateKeyPair().public;
const keyB = generateKeyPair().public;
const blobOf = (line: string) => Buffer.from(line.split(" ")[1], "base64");

function hashedField(name: string, salt = Buffer.from("0123456789abcdefghij")): string {
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

test.each([
  ["nas1", 22, "nas1"],
  ["NAS1.Example.NET", 22, "nas1.example.net"],
  ["nas1", 2222, "[nas1]:2222"],
  ["2001:db8::1", 22, "2001:db8::1"],
  ["2001:db8::1", 2222, "[2001:db8::1]:2222"],
])("knownHostsName(%p, %p) = %p", (host, port, expected) => {
  expect(knownHostsName(host, port)).toBe(expected);
});

test.each<[string, string, string, boolean]>([
  ["a plain name", "nas1", "nas1", true],
  ["another name", "nas2", "nas1", false],
  ["one of a comma list", "nas2,nas1,10.0.0.1", "nas1", true],
  ["a * wildcard", "*.example.net", "nas1.example.net", true],
  ["a ? wildcard", "nas?", "nas1", true],
  ["a ? wildcard needing two characters", "nas?", "nas12", false],
  ["dots are literal", "nas1.example.net", "nas1xexample.net", false],
  ["a bracketed port", "[nas1]:2222", "[nas1]:2222", true],
  ["a bracketed port for another port", "[nas1]:2222", "[nas1]:2200", false],
  ["a wildcard in a bracketed entry", "[10.0.0.*]:2222", "[10.0.0.7]:2222", true],
  ["a negation vetoing a wildcard", "*.example.net,!bad.example.net", "bad.example.net", false],
  ["a negation not matching", "*.example.net,!bad.example.net", "good.example.net", true],
  ["only a negation", "!bad", "good", false],
  ["upper-case patterns", "NAS1", "nas1", true],
  ["a hashed entry", hashedField("nas1"), "nas1", true],
  ["a hashed entry for another host", hashedField("nas2"), "nas1", false],
  ["a hashed [host]:port entry", hashedField("[nas1]:2222"), "[nas1]:2222", true],
  ["a malformed hashed entry", "|1|onlysalt", "nas1", false],
])("host field with %s: %p matches %p = %p", (_name, field, name, expected) => {
  expect(hostFieldMatches(field, name)).toBe(expected);
});

test("parseKnownHosts keeps usable lines, marks @revoked, drops @cert-authority, comments and junk", () => {
  const text = [
    "# a comment",
    "",
    `nas1,10.0.0.1 ${keyA} root@nas1`,
    `@revoked * ${keyB}`,
    `@cert-authority *.example.net ${keyA}`,
    "nas2 ssh-ed25519 not-base64!!",
    "nas3",
    `\t[nas4]:2222 ${keyB}\r`,
  ].join("\n");
  const entries = parseKnownHosts(text);
  expect(entries.map(({ hosts, type, revoked, line }) => ({ hosts, type, revoked, line }))).toEqual([
    { hosts: "nas1,10.0.0.1", type: "ssh-ed25519", revoked: false, line: 3 },
    { hosts: "*", type: "ssh-ed25519", revoked: true, line: 4 },
    { hosts: "[nas4]:2222", type: "ssh-ed25519", revoked: false, line: 8 },
  ]);
  expect(entries[0].blob.equals(blobOf(keyA))).toBe(true);
});

test("lookupKnownHost collects every key for the host on its port, and revoked keys apart", () => {
  const entries = parseKnownHosts([
    `nas1 ${keyA}`,
    `nas1 ${keyB}`,
    `[nas1]:2222 ${keyB}`,
    `@revoked nas* ${keyB}`,
    `nas2 ${keyA}`,
  ].join("\n"));
  const port22 = lookupKnownHost(entries, "NAS1", 22);
  expect(port22.keys.map((key) => key.blob.toString("base64"))).toEqual([keyA, keyB].map((line) => line.split(" ")[1]));
  expect(port22.revoked).toHaveLength(1);
  expect(lookupKnownHost(entries, "nas1", 2222).keys).toHaveLength(1);
  expect(lookupKnownHost(entries, "other", 22)).toEqual({ keys: [], revoked: [] });
  expect(lookupKnownHost(entries, "nas3", 22)).toMatchObject({ keys: [], revoked: [{ type: "ssh-ed25519" }] });
});
