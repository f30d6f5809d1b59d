// IPv4 text <-> number, as inet_aton(3)/inet_ntoa(3) do it, and mask helpers.

/** Parses one inet_aton part: decimal, 0x hex, or leading-0 octal. */
function parsePart(part: string): number | null {
  let m: RegExpMatchArray | null;
  if ((m = part.match(/^0[xX]([0-9a-fA-F]*)$/))) return m[1] === "" ? 0 : parseInt(m[1], 16);
  if (/^0[0-7]*$/.test(part)) return parseInt(part, 8);
  if (/^[1-9][0-9]*$/.test(part)) return parseInt(part, 10);
  return null;
}

/** inet_aton(3): "a", "a.b", "a.b.c" or "a.b.c.d" (each part decimal, octal or hex) -> uint32. */
export function inetAton(text: string): number | null {
  const parts = text.split(".");
  if (parts.length < 1 || parts.length > 4) return null;
  const values = parts.map(parsePart);
  if (values.some((v) => v === null)) return null;
  const v = values as number[];
  const last = v[v.length - 1];
  const lastMax = [0xffffffff, 0xffffff, 0xffff, 0xff][v.length - 1];
  if (last > lastMax || v.slice(0, -1).some((x) => x > 0xff)) return null;
  let result = 0;
  for (let i = 0; i < v.length - 1; i++) result += v[i] * 2 ** (24 - 8 * i);
  return (result + last) >>> 0;
}

/** uint32 -> dotted quad. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join(".");
}

/** Prefix length -> netmask as uint32 (0 -> 0). */
export function prefixToMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Number of set bits: how the netlink ifconfig turns `netmask X` into a prefix length. */
export function bitCount(value: number): number {
  let n = 0;
  for (let v = value >>> 0; v; v >>>= 1) n += v & 1;
  return n;
}

/** The classful default prefix ifconfig falls back to when no mask is given. */
export function classfulPrefix(address: number): number {
  if ((address >>> 31) === 0) return 8;
  if ((address >>> 30) === 2) return 16;
  return 24;
}

/** Broadcast address the kernel derives for a broadcast-capable interface. */
export function broadcastOf(address: number, prefixLength: number): number {
  return (address | ~prefixToMask(prefixLength)) >>> 0;
}
