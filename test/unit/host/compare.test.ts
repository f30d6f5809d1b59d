// The comparisons (host/compare.sh) run directly: what they print and what they add to $BAD.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { fixtureInterface, runWithPrelude, scratchHost } from "./harness";

/** Runs `call` after a snap of `lagg0` from the named fixture; prints markers, then `BAD=[...]`. */
function compare(call: string, fixture = "freebsd14-verbose-roundrobin.txt", iface = "lagg0") {
  const host = scratchHost();
  try {
    writeFileSync(join(host.dir, "exists-lagg0"), "");
    writeFileSync(join(host.dir, "state-lagg0"), fixtureInterface(fixture, iface).replace(new RegExp(`^(\\s*)${iface}:`), "$1lagg0:"));
    const r = runWithPrelude(host, `snap lagg0\n${call}\nprintf 'BAD=[%s]\\n' "$BAD"`);
    expect(r.stderr).toBe("");
    return r.stdout.trimEnd().split("\n");
  } finally {
    host.cleanup();
  }
}

describe("want / want_has / want_bit", () => {
  test.each<[string, string, string, string[]]>([
    ["equal values pass silently", "freebsd13-lacp-l2l3l4.txt", `want protocol lacp "$(f_proto)"`, ["BAD=[]"]],
    ["a different value is a MISMATCH with both sides", "freebsd13-lacp-l2l3l4.txt", `want mtu 9000 "$(f_mtu)"`, ["@@t MISMATCH mtu expected=[9000] actual=[1500]", "BAD=[ mtu]"]],
    ["every mismatch is collected", "freebsd13-lacp-l2l3l4.txt", `want mtu 9000 "$(f_mtu)"; want ports 'igb0 ' "$(f_ports)"`, ["@@t MISMATCH mtu expected=[9000] actual=[1500]", "@@t MISMATCH ports expected=[igb0 ] actual=[igb0 igb1 ]", "BAD=[ mtu ports]"]],
    ["ports compare as a sorted list; the failover primary is the MASTER port", "freebsd9-handbook-failover-reversed.txt", `want ports 'fxp0 fxp1 ' "$(f_ports)"; want primary fxp0 "$(f_primary)"`, ["BAD=[]"]],
    ["want_has tolerates other addresses (DHCP)", "freebsd14-address-edge-cases.txt", `want_has inet '192.0.2.1 0xffffff00' "$(f_inet)"`, ["BAD=[]"]],
    ["want_has requires ours", "freebsd14-address-edge-cases.txt", `want_has inet '192.0.2.99 0xffffff00' "$(f_inet)"`, ["@@t MISMATCH inet expected=[192.0.2.99 0xffffff00] actual=[192.0.2.1 0xffffff00 192.0.2.10 0xffffff00 ]", "BAD=[ inet]"]],
    ["f_inet6 with an argument leaves out autoconf addresses", "freebsd14-address-edge-cases.txt", `want inet6 '2001:db8::1/64 2001:db8::2/64 2001:db8::beef/64 2001:db8::dead/64 ' "$(f_inet6 x)"`, ["BAD=[]"]],
  ])("%s (%s)", (_what, fixture, call, out) => {
    expect(compare(call, fixture)).toEqual(out);
  });

  test.each<[string, number, string, string[]]>([
    ["a set bit that must be clear", 0x10, "0", ["@@t MISMATCH lacpStrict expected=[0] actual=[1]", "BAD=[ lacpStrict]"]],
    ["a set bit that must be set", 0x10, "1", ["BAD=[]"]],
    ["a bit the binary had no name for still counts", 0x80, "1", ["BAD=[]"]],
    ["a clear bit that must be set", 0x08, "1", ["@@t MISMATCH lacpStrict expected=[1] actual=[0]", "BAD=[ lacpStrict]"]],
  ])("want_bit: %s", (_what, mask, want, out) => {
    // freebsd11-lacp-verbose-unnamed-option-bit: lagg options flags=91<USE_FLOWID,LACP_STRICT> (0x80 unnamed there).
    expect(compare(`want_bit lacpStrict ${mask} ${want}`, "freebsd11-lacp-verbose-unnamed-option-bit.txt")).toEqual(out);
  });
});
