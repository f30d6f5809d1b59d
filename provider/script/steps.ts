// The planned steps as shell functions (apply_steps, rollback_steps) over the `step` runner (host/steps.sh).
import { shJoin, shQuote } from "../shell";
import type { Step } from "../step";

/** Indents every non-empty line by two spaces (a function body). */
export const indent = (s: string) => s.split("\n").map((l) => (l ? `  ${l}` : l)).join("\n");

/** Whether a step is `ifconfig <target> <keywords>` that may share one ifconfig run with its neighbours. */
function mergeable(s: Step): boolean {
  const [cmd, name, first] = s.argv;
  // An address must directly follow the name, and create/destroy change what exists.
  return cmd === "ifconfig" && name !== undefined && !name.startsWith("-") && first !== undefined && !["inet", "inet6", "destroy"].includes(first);
}

/**
 * Joins runs of consecutive keyword steps on one interface into one ifconfig run
 * (`ifconfig lagg0 create laggproto lacp laggport igb0 laggport igb1`, as rc.conf does): ifconfig
 * applies its keywords in order, so the effect is the same, with fewer processes on the host. A
 * failure still fails the step and the whole change is verified and rolled back as before.
 */
export function mergeIfconfigSteps(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && mergeable(last) && mergeable(s) && last.argv[1] === s.argv[1] && s.argv[2] !== "create") {
      out[out.length - 1] = { ...last, argv: [...last.argv, ...s.argv.slice(2)], why: `${last.why}; ${s.why}` };
    } else {
      out.push(s);
    }
  }
  return out;
}

/** A shell function `fn` that runs `planned` in order: stops at the first failure, or (bestEffort) runs them all. */
export function renderSteps(fn: string, planned: readonly Step[], bestEffort: boolean): string {
  // Best-effort rollback keeps one run per step, so one refused keyword cannot skip the others.
  const steps = bestEffort ? planned : mergeIfconfigSteps(planned);
  const body = steps.map((s) => `step ${shQuote(s.why)} ${shJoin(s.argv)}${bestEffort ? "" : " || return 1"}`);
  return `${fn}() {\n${indent(body.join("\n") || ":")}\n  return 0\n}`;
}
