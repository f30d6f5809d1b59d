// The lagg(4) lines of one interface block, from the 7-era `lagg: laggproto` form to 15's `-v` output.

import { findBitField, parseBitField } from "./bits";
import type { LaggPortRecord, LaggRecord } from "./types";

// `laggproto P [laggdev D] [lagghash l2,l3]`; 7-era binaries prefix it with `lagg: `.
const PROTO_LINE = /^(?:lagg:\s+)?laggproto\s+(\S+)(.*)$/;
// `laggport: em0 flags=5<...> [state=3d<...>]`; 7-era: `laggport em0 =5<...>` (printb with an empty name).
const PORT_LINE = /^laggport:?\s+(\S+)\s+(.*)$/;
const PORT_FLAGS = /^(?:flags)?=/;
const NUMBER_AFTER_COLON = /^[^:]+:\s*(\d+)/;

/**
 * Collects the lagg lines of one interface block in any order. The block is a lagg only if it has a
 * `laggproto` line; `lag id:` and the two-line LACP peer continuations (`[(...),` / ` (...)]`) are
 * recognised by not matching anything here and are skipped by the caller.
 */
export class LaggBlockParser {
  private protocol?: string;
  private hash: string[] = [];
  private readonly ports: LaggPortRecord[] = [];
  private options?: NonNullable<LaggRecord["options"]>;
  private sawOptionsHeading = false;
  private activePorts?: number;
  private flapping?: number;

  /** Consumes `line` (leading/trailing whitespace removed) if it is a lagg line; returns whether it was. */
  accept(line: string): boolean {
    const proto = PROTO_LINE.exec(line);
    if (proto) {
      this.protocol = proto[1];
      const hash = /\blagghash\s+(\S+)/.exec(proto[2]);
      this.hash = hash ? hash[1].split(",").filter((layer) => layer !== "") : [];
      return true;
    }
    const port = PORT_LINE.exec(line);
    if (port) return this.acceptPort(port[1], port[2]);
    if (/^lagg options:?$/.test(line)) {
      this.sawOptionsHeading = true;
      this.ensureOptions();
      return true;
    }
    // Under `lagg options:` (-v) a `flags=` line holds the lagg option bits, never the interface flags.
    if (this.sawOptionsHeading && line.startsWith("flags=")) {
      const flags = parseBitField(line.slice("flags=".length));
      if (!flags) return false;
      Object.assign(this.ensureOptions(), { flags: flags.names, flagsValue: flags.value });
      return true;
    }
    return this.acceptNumber(line);
  }

  /** The lagg record, or undefined when the block had no `laggproto` line (not a lagg). */
  result(): LaggRecord | undefined {
    if (this.protocol === undefined) return undefined;
    const record: LaggRecord = { protocol: this.protocol, hash: this.hash, ports: this.ports };
    if (this.options) record.options = this.options;
    if (this.activePorts !== undefined) record.activePorts = this.activePorts;
    if (this.flapping !== undefined) record.flapping = this.flapping;
    return record;
  }

  private acceptPort(name: string, rest: string): boolean {
    if (!PORT_FLAGS.test(rest)) return false;
    const flags = parseBitField(rest.replace(PORT_FLAGS, ""));
    if (!flags) return false;
    const port: LaggPortRecord = { name, flags: flags.names, flagsValue: flags.value };
    const state = findBitField(rest, "state");
    if (state) {
      port.lacpState = state.names;
      port.lacpStateValue = state.value;
    }
    this.ports.push(port);
    return true;
  }

  private acceptNumber(line: string): boolean {
    const value = NUMBER_AFTER_COLON.exec(line);
    if (!value) return false;
    const number = Number(value[1]);
    if (line.startsWith("flowid_shift:")) this.ensureOptions().flowidShift = number;
    else if (line.startsWith("rr_limit:")) this.ensureOptions().rrLimit = number;
    else if (line.startsWith("active ports:")) this.activePorts = number;
    else if (line.startsWith("flapping:")) this.flapping = number;
    else return false;
    return true;
  }

  private ensureOptions(): NonNullable<LaggRecord["options"]> {
    this.options ??= { flags: [], flagsValue: 0 };
    return this.options;
  }
}
