// fast-check generators of Lagg arguments: valid, near-valid (one property made hostile) and hostile
// (anything at all), for the generated-input suite (issue 17).
import fc from "fast-check";
import { LAGG_FIELDS, OPTION_WORDS, UNKNOWN } from "../../provider/schema";
import { HASH_LAYERS, LAGG_PROTOCOLS, PERSIST_MODES } from "../../provider/types";

/**
 * Strings an attacker (or a careless template) would try: each runs `touch CANARY` if any layer
 * (login shell, /bin/sh, eval, sysrc, rc.conf's `eval echo` at boot, awk, sed) interprets it.
 */
export function injectionPayloads(canary: string): string[] {
  return [
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `'; touch ${canary}; '`,
    `"; touch ${canary}; "`,
    `'"$(touch ${canary})"'`,
    `x;touch ${canary}`,
    `x&&touch ${canary}`,
    `x|touch ${canary}`,
    `\${IFS}$(touch\${IFS}${canary})`,
    `\\'$(touch ${canary})\\'`,
    `%s%n$(touch ${canary})`,
    `x\`touch ${canary}\`y`,
    `$((1))$(touch ${canary})`,
    `!touch ${canary}`,
    `<(touch ${canary})`,
    `>(touch ${canary})`,
    `a\\$(touch ${canary})`,
    `\\\`touch ${canary}\\\``,
  ];
}

/** Characters that mean something to a shell, awk, sed or rc.conf. */
const META = [..."$`'\"\\;&|<>(){}[]*?!#~%^=,. -+@:/"];
/** Bidi controls, zero-width, BOM and astral characters: printable or not, they must not confuse anything. */
const UNICODE = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff", "𝔘", "😀", "𐀀", "\u{10ffff}", "é", "ß", "中"];
/** Control characters: check refuses them in a description. */
const CONTROL = ["\n", "\r", "\t", "\0", "\x1b", "\x7f", "\u2028", "\u2029", "\x08"];

/** A printable description made of shell metacharacters, unicode and injection payloads (may be too long). */
export function hostileText(canary: string, maxLength = 300): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...META) },
    { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
    { weight: 2, arbitrary: fc.constantFrom(...injectionPayloads(canary)) },
    { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
  );
  return fc.array(piece, { maxLength: 24 }).map((parts) => [...parts.join("")].slice(0, maxLength).join(""));
}

/** Any string that could break a parser: control characters, NUL, long runs, the unknown sentinel embedded. */
export function hostileString(canary: string): fc.Arbitrary<string> {
  return fc.oneof(
    hostileText(canary),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.array(fc.constantFrom(...CONTROL, ...META, ...UNICODE), { maxLength: 12 }).map((a) => a.join("")),
    fc.constantFrom(...injectionPayloads(canary)),
    fc.nat({ max: 9000 }).map((n) => "A".repeat(n)),
    fc.constantFrom("", " ", "lagg0\n", "igb0;", "lagg0 ", " lagg0", "LAGG0", "lagg00", "lagg-1", "igb0\0", `${UNKNOWN}x`, "__proto__", "constructor"),
  );
}

/** Any JSON-ish value, numbers at their edges included. */
export function hostileValue(canary: string): fc.Arbitrary<unknown> {
  const edgeNumber = fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 63), 1e308, -1e308, Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, 576, 9216, 9217, 575);
  const leaf = fc.oneof(hostileString(canary), edgeNumber, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(UNKNOWN));
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileString(canary), leaf, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.array(leaf, { maxLength: 2 }), { maxLength: 2 }) },
  );
}

/** A valid connection whose password is `secret` (check never contacts the host). */
export function connectionArgs(secret: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    host: fc.constantFrom("nas1.example.net", "192.0.2.7", "2001:db8::7"),
    password: fc.constant(secret),
    insecureSkipHostKeyCheck: fc.constant(true),
  });
}

const IPV4 = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 8, max: 30 })).map(([h, p]) => `198.51.100.${h}/${p}`);
const IPV6 = fc.tuple(fc.integer({ min: 1, max: 0xfffe }), fc.integer({ min: 48, max: 127 })).map(([h, p]) => `2001:db8:1::${h.toString(16)}/${p}`);

/** Lagg args check should accept (barring rules between properties), with ports drawn from `ports`. */
export function validArgs(opts: { canary: string; secret: string; ports: readonly string[]; names?: readonly string[] }): fc.Arbitrary<Record<string, unknown>> {
  const required = {
    connection: connectionArgs(opts.secret),
    name: opts.names ? fc.constantFrom(...opts.names) : fc.integer({ min: 0, max: 99_999 }).map((n) => `lagg${n}`),
    protocol: fc.constantFrom(...LAGG_PROTOCOLS),
    ports: fc.shuffledSubarray([...opts.ports], { minLength: 1, maxLength: Math.min(4, opts.ports.length) }),
  };
  const optional = {
    mtu: fc.integer({ min: 576, max: 9216 }),
    description: hostileText(opts.canary, 255),
    addresses: fc.uniqueArray(fc.oneof(IPV4, IPV6), { maxLength: 3, selector: (a) => a.split("/")[0] }),
    hash: fc.subarray([...HASH_LAYERS], { minLength: 1 }),
    lacpFastTimeout: fc.boolean(),
    lacpStrict: fc.boolean(),
    disableHardwareOffload: fc.boolean(),
    options: fc.uniqueArray(fc.constantFrom(...OPTION_WORDS), { maxLength: 3, selector: (w) => w.replace(/^-/, "") }),
    persist: fc.constantFrom(...PERSIST_MODES.filter((m) => m !== "truenas")),
    safeApply: fc.boolean(),
    confirmTimeout: fc.integer({ min: 10, max: 3600 }),
  };
  return fc.record({ ...required, ...optional }, { requiredKeys: ["connection", "name", "protocol", "ports"] });
}

/** A valid-looking Lagg with one property (existing or not, connection fields included) set to a hostile value. */
export function nearValidArgs(opts: { canary: string; secret: string; ports: readonly string[] }): fc.Arbitrary<{ base: Record<string, unknown>; args: Record<string, unknown>; key: string }> {
  const keys = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...LAGG_FIELDS) },
    { weight: 1, arbitrary: fc.constantFrom("connection.host", "connection.port", "connection.user", "connection.hostKey", "connection.proxy", "connection.dialErrorLimit", "connection.perDialTimeout") },
    { weight: 1, arbitrary: fc.constantFrom("protocl", "ports ", "Mtu", "__proto__x", "descripton", "constructor", "toString") },
  );
  return fc.tuple(validArgs(opts), keys, hostileValue(opts.canary)).map(([args, key, value]) => {
    if (key.startsWith("connection.")) {
      const connection = { ...(args.connection as Record<string, unknown>), [key.slice("connection.".length)]: value };
      return { base: args, args: { ...args, connection }, key };
    }
    return { base: args, args: { ...args, [key]: value }, key };
  });
}

/** Anything at all as the whole input: objects of hostile values under known and unknown names, or not objects. */
export function hostileArgs(canary: string): fc.Arbitrary<unknown> {
  const known = fc.dictionary(fc.constantFrom(...LAGG_FIELDS), hostileValue(canary), { maxKeys: 8 });
  const unknown = fc.dictionary(hostileString(canary), hostileValue(canary), { maxKeys: 3 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(known, unknown).map(([a, b]) => ({ ...b, ...a })) },
    { weight: 1, arbitrary: hostileValue(canary) },
  );
}
