// release_dhcp / release_slaac (host/release.sh) run directly on the fake host: which addresses
// they take off, from the golden fixtures' address lists.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { fixtureInterface, runWithPrelude, scratchHost } from "./harness";

/** Runs `call` with lagg0's state from fixture block `iface`; returns the exit code and the ifconfig changes made. */
function release(call: string, fixture: string, iface: string) {
  const host = scratchHost();
  try {
    writeFileSync(join(host.dir, "exists-lagg0"), "");
    writeFileSync(join(host.dir, "state-lagg0"), fixtureInterface(fixture, iface).replace(new RegExp(`^(\\s*)${iface}:`), "$1lagg0:"));
    const r = runWithPrelude(host, `${call}\necho "rc=$?"`);
    expect(r.stderr).toBe("");
    return { out: r.stdout.trim(), changes: host.log().filter((l) => l.length > 2 && l[1] !== "-v").map((l) => l.slice(1).join(" ")) };
  } finally {
    host.cleanup();
  }
}

describe("release_dhcp: stop dhclient, drop the IPv4 addresses not kept", () => {
  test.each<[string, string, string, string, string[]]>([
    ["drops every address but the kept one", "real-bhyve-blog-lagg-loadbalance.txt", "lagg0", "release_dhcp lagg0 10.0.0.105",
      ["lagg0 inet 10.0.0.203 -alias", "lagg0 inet 10.0.0.204 -alias", "lagg0 inet 10.0.0.205 -alias"]],
    ["keeps several", "real-bhyve-blog-lagg-loadbalance.txt", "lagg0", "release_dhcp lagg0 10.0.0.105 10.0.0.204", ["lagg0 inet 10.0.0.203 -alias", "lagg0 inet 10.0.0.205 -alias"]],
    ["nothing kept: all go (a CARP vhid address too)", "freebsd14-address-edge-cases.txt", "lagg0", "release_dhcp lagg0", ["lagg0 inet 192.0.2.1 -alias", "lagg0 inet 192.0.2.10 -alias"]],
    ["an interface without IPv4: nothing to do", "freebsd13-lagg-no-ports.txt", "lagg2", "release_dhcp lagg0", []],
  ])("%s (%s)", (_what, fixture, iface, call, changes) => {
    expect(release(call, fixture, iface)).toEqual({ out: "rc=0", changes });
  });
});

describe("release_slaac: drop autoconfigured IPv6 addresses, keep static and link-local ones", () => {
  test.each<[string, string, string, string[]]>([
    ["autoconf and autoconf temporary go; tentative, deprecated, vhid, anycast stay", "freebsd14-address-edge-cases.txt", "lagg0",
      ["lagg0 inet6 2001:db8::250:56ff:fe29:a945 -alias", "lagg0 inet6 2001:db8::8d2c:1f00:a1b2:c3d4 -alias"]],
    ["no autoconf addresses: nothing to do", "freebsd13-lacp-l2l3l4.txt", "lagg0", []],
  ])("%s (%s)", (_what, fixture, iface, changes) => {
    const got = release("release_slaac lagg0", fixture, iface);
    expect({ ...got, changes: [...got.changes].sort() }).toEqual({ out: "rc=0", changes: [...changes].sort() });
  });
});
