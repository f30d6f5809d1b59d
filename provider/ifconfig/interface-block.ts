// One interface block: the `name: flags=...` header and its indented lines, keyed on line prefixes.

import { parseInet6Line, parseInetLine } from "./addresses";
import { parseBitField } from "./bits";
import type { IfconfigSourceLine } from "./errors";
import { LaggBlockParser } from "./lagg-block";
import type { IfconfigInterface } from "./types";

// `lagg0: flags=1008843<UP,...> metric 0 mtu 1500`; names may hold dots, underscores, even colons
// (`vnet0:9`); some old binaries print no metric; copies in the wild lose the `<...>`.
const HEADER = /^\s*(\S+): flags=([0-9A-Fa-f]+(?:<[^>]*>?)?)(.*)$/;
// Anything after the MTU on a header line is a body line that a copy joined onto it.
const HEADER_TAIL = /\smtu\s+\d+\s+(\S.*)$/;
// A header wrapped by a copy leaves `metric 0 mtu 1500` (or `mtu 1500`) alone on the next line.
const WRAPPED_MTU = /^(?:metric\s+\d+\s+)?mtu\s+(\d+)$/;

/** Whether `text` is an interface header line (`name: flags=HEX...`). */
export function isInterfaceHeader(text: string): boolean {
  return HEADER.test(text);
}

/** The raw lines of one interface: its header and every line up to the next header. */
export interface InterfaceBlock {
  header: IfconfigSourceLine;
  body: IfconfigSourceLine[];
}

/**
 * Builds the record for one interface block. Lines are matched by prefix after stripping
 * indentation (tabs or spaces), never by position; lines no rule knows are ignored.
 */
export function parseInterfaceBlock(block: InterfaceBlock): IfconfigInterface {
  const record = parseHeader(block.header.text);
  const lagg = new LaggBlockParser();
  const seen = new Set<string>();
  const texts = block.body.map((line) => line.text);
  const joined = joinedBodyLine(block.header.text);
  if (joined !== undefined) texts.unshift(joined);
  for (const text of texts) {
    const line = text.trim();
    if (lagg.accept(line)) continue;
    applyLine(record, seen, line, text.replace(/^\s+/, ""));
  }
  const laggRecord = lagg.result();
  if (laggRecord) record.lagg = laggRecord;
  return record;
}

/**
 * The text after `mtu N` on a header line, when a copy lost the line break before the first body
 * line (`igb1: flags=8843<...> metric 0 mtu 1500 options=6403bb<...>`); undefined when there is none.
 */
export function joinedBodyLine(header: string): string | undefined {
  const match = HEADER_TAIL.exec(header);
  return match ? match[1] : undefined;
}

function parseHeader(text: string): IfconfigInterface {
  const match = HEADER.exec(text);
  if (!match) throw new Error(`not an interface header: ${text}`);
  const flags = parseBitField(match[2]) ?? { value: 0, names: [] };
  const record: IfconfigInterface = {
    name: match[1],
    flags: flags.names,
    flagsValue: flags.value,
    // FreeBSD has always printed the MTU; 0 only marks a header that lost it.
    mtu: numberAfter(match[3], "mtu") ?? 0,
    capabilities: { value: 0, names: [] },
    inet: [],
    inet6: [],
    groups: [],
  };
  const metric = numberAfter(match[3], "metric");
  if (metric !== undefined) record.metric = metric;
  return record;
}

function numberAfter(text: string, word: string): number | undefined {
  const match = new RegExp(`\\b${word}\\s+(\\d+)`).exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Applies one body line to `record`. `line` has no surrounding whitespace; `untrimmed` keeps trailing
 * text because descriptions are verbatim. For single-valued lines the first one wins (`seen`): gif/gre
 * print their own `options=` after the capabilities line.
 */
function applyLine(record: IfconfigInterface, seen: Set<string>, line: string, untrimmed: string): void {
  if (applyWrappedMtu(record, line)) return;
  const [word] = line.split(/\s/, 1);
  const rest = line.slice(word.length).trim();
  const key = word.includes("=") ? word.slice(0, word.indexOf("=") + 1) : word;
  const firstTime = !seen.has(key);
  seen.add(key);
  if (!firstTime && key !== "inet" && key !== "inet6") return;
  if (key === "description:") {
    record.description = untrimmed.slice("description:".length).replace(/^ /, "");
  } else if (key === "options=") {
    record.capabilities = parseBitField(word.slice(key.length)) ?? record.capabilities;
  } else if (key === "capabilities=") {
    const supported = parseBitField(word.slice(key.length));
    if (supported) record.supportedCapabilities = supported;
  } else if ((key === "ether" || key === "hwaddr") && rest) {
    record[key] = rest.split(/\s/)[0];
  } else if (key === "inet" && rest) {
    record.inet.push(parseInetLine(rest));
  } else if (key === "inet6" && rest) {
    record.inet6.push(parseInet6Line(rest));
  } else if (key === "nd6" && rest.startsWith("options=")) {
    const nd6 = parseBitField(rest.slice("options=".length));
    if (nd6) record.nd6 = nd6;
  } else if ((key === "media:" || key === "status:") && rest) {
    record[key === "media:" ? "media" : "status"] = rest;
  } else if (key === "groups:") {
    record.groups = rest.split(/\s+/).filter((group) => group !== "");
  }
}

/** Takes the MTU (and metric) from a `metric 0 mtu 1500` line when the header had none; returns whether it did. */
function applyWrappedMtu(record: IfconfigInterface, line: string): boolean {
  const match = WRAPPED_MTU.exec(line);
  if (!match || record.mtu !== 0) return false;
  record.mtu = Number(match[1]);
  const metric = numberAfter(line, "metric");
  if (metric !== undefined && record.metric === undefined) record.metric = metric;
  return true;
}
