// The host's field parser (host/fields.awk, via snap/fields in host/snapshot.sh) against the TS
// parser, on every golden ifconfig fixture, under FreeBSD's awk (the one-true-awk) and mawk.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseIfconfig } from "../../../provider/ifconfig/parse";
import type { IfconfigInterface } from "../../../provider/ifconfig/types";
import { netmaskHex } from "../../../provider/address";
import { requireOrSkip } from "../../sim/server/system-deps";
import { AWKS, FIXTURES, ifconfigBlocks as blocks, runWithPrelude, scratchHost } from "./harness";

const spaced = (xs: string[]) => xs.map((x) => `${x} `).join("");
const sortC = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * What the awk must say, from the TS parser's record. The awk reads only what `ifconfig -v` prints
 * in its default format (IFCONFIG_FORMAT unset): hex netmasks, and IPv6 without a `%zone` (a
 * scoped link-local address is never ours to manage).
 */
function expectedFields(i: IfconfigInterface, raw: string): string[] {
  const hexNetmask = (a: { address: string }) => new RegExp(`inet ${a.address.replace(/\./g, "\\.")} netmask 0x`).test(raw);
  const v6 = i.inet6.filter((a) => a.scopeId === undefined && new RegExp(`inet6 ${a.address} prefixlen `).test(raw));
  const primary = i.lagg?.protocol === "failover" ? i.lagg.ports.find((p) => p.flags.includes("MASTER"))?.name : undefined;
  return [
    i.lagg?.protocol ?? "",
    i.lagg?.hash.join(",") ?? "",
    spaced(sortC((i.lagg?.ports ?? []).map((p) => p.name))),
    primary ?? (i.lagg?.ports.find((p) => p.flags.includes("MASTER"))?.name ?? ""),
    String(i.mtu),
    i.flags.includes("UP") ? "1" : "0",
    spaced(sortC(i.inet.filter(hexNetmask).map((a) => `${a.address} ${netmaskHex(a.prefixLength)}`))),
    spaced(sortC(v6.map((a) => `${a.address}/${a.prefixLength}`))),
    spaced(sortC(v6.filter((a) => !a.flags?.includes("autoconf")).map((a) => `${a.address}/${a.prefixLength}`))),
    i.lagg?.options ? i.lagg.options.flagsValue.toString(16) : "0",
    i.lagg?.options?.flowidShift !== undefined ? String(i.lagg.options.flowidShift) : "",
    i.lagg?.options?.rrLimit !== undefined ? String(i.lagg.options.rrLimit) : "",
  ];
}

const FIELD_NAMES = ["protocol", "hash", "ports", "primary", "mtu", "up", "inet", "inet6", "inet6 static", "optflags", "flowid_shift", "rr_limit"];

/**
 * Where the host parser knowingly reads less than parseIfconfig (fields it leaves empty), and why.
 * Everything else must agree exactly.
 */
const KNOWN_DIFFERENCES: Record<string, { fields: string[]; why: string }> = {
  "freebsd7-lagg-prefix-and-member.txt #3": { fields: ["protocol", "ports", "primary"], why: "FreeBSD 7's `lagg: laggproto` / `laggport X =5<>` layout; the scripts target FreeBSD 11+" },
  "real-pfsense-ix1-sfp-module.txt #1": { fields: ["inet", "inet6", "inet6 static"], why: "addresses masked as xxx by the post's author are not addresses" },
};

const PRINT_FIELDS = `fields; for v in "$F_PROTO" "$F_HASH" "$F_PORTS" "$F_PRIMARY" "$F_MTU" "$F_UP" "$F_INET" "$F_INET6" "$F_INET6_STATIC" "$F_OPTFLAGS" "$F_FLOWID_SHIFT" "$F_RR_LIMIT"; do printf '[%s]\\n' "$v"; done`;

const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".txt"))
  .flatMap((f) => blocks(readFileSync(join(FIXTURES, f), "utf8")).map((raw, k) => [`${f} #${k + 1}`, raw] as const));

for (const awk of AWKS) {
  requireOrSkip(awk, `the field parser under ${awk}`)(`fields.awk under ${awk} agrees with parseIfconfig`, () => {
    test.each(cases)("%s", (name, raw) => {
      const [iface] = parseIfconfig(raw);
      const host = scratchHost(undefined, awk);
      try {
        writeFileSync(join(host.dir, "fixture"), raw);
        const r = runWithPrelude(host, `S=$(cat "$FAKE_DIR/fixture")\n${PRINT_FIELDS}`);
        expect(r.stderr).toBe("");
        const got = r.stdout.trimEnd().split("\n").map((l) => l.slice(1, -1));
        const want = expectedFields(iface, raw);
        const known = KNOWN_DIFFERENCES[name];
        const differing = FIELD_NAMES.filter((_f, k) => got[k] !== want[k]);
        if (known) {
          expect(differing).toEqual(known.fields);
          for (const f of known.fields) expect(got[FIELD_NAMES.indexOf(f)]).toBe(f === "optflags" ? "0" : "");
        } else {
          expect(got).toEqual(want);
        }
      } finally {
        host.cleanup();
      }
    });
  });
}
