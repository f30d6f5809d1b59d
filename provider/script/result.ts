// Reads the marker lines an apply/read script printed back into a structured outcome.

/** What one script run reported. */
export interface ScriptOutcome {
  /** The RESULT marker's code, or undefined when the script never got that far (killed, lost session). */
  code?: number;
  word?: string;
  /** Steps started, in order. */
  steps: string[];
  /** `STEP-FAILED` texts: the command's exit code, what it was for, and its stderr. */
  stepFailures: string[];
  /** `PREFLIGHT` reasons: why nothing was changed. */
  preflight: string[];
  /** `MISMATCH field expected=[..] actual=[..]` lines from drift checks and verification. */
  mismatches: string[];
  /** Ports that were down before the lagg claimed them. */
  priorDown: string[];
  rolledBack: boolean;
  /** The `ifconfig -v` text printed at the end (empty when the lagg does not exist). */
  stateText: string;
  /** The `sysrc -e` text printed at the end. */
  persistText: string;
  /** TrueNAS: `PORT-ROW <port,port...> <interface.query JSON>` arguments, the joining ports' own rows as read before the change. */
  portRows?: string[];
}

/** Parses stdout of a rendered script; lines without the nonce are kept only inside the state/persist blocks. */
export function parseScriptOutput(stdout: string, nonce: string): ScriptOutcome {
  const out: ScriptOutcome = { steps: [], stepFailures: [], preflight: [], mismatches: [], priorDown: [], rolledBack: false, stateText: "", persistText: "" };
  let block: "state" | "persist" | undefined;
  const state: string[] = [];
  const persist: string[] = [];
  const prefix = `${nonce} `;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(prefix)) {
      if (block === "state") state.push(line);
      else if (block === "persist") persist.push(line);
      continue;
    }
    const rest = line.slice(prefix.length);
    const [kw] = rest.split(" ", 1);
    const arg = rest.slice(kw.length + 1);
    switch (kw) {
      case "STATE-BEGIN": block = "state"; break;
      case "PERSIST-BEGIN": block = "persist"; break;
      case "STATE-END": case "PERSIST-END": block = undefined; break;
      case "STEP": out.steps.push(arg); break;
      case "STEP-FAILED": out.stepFailures.push(arg); break;
      case "PREFLIGHT": out.preflight.push(arg); break;
      case "MISMATCH": out.mismatches.push(arg); break;
      case "PRIOR-DOWN": out.priorDown.push(arg); break;
      case "PORT-ROW": (out.portRows ??= []).push(arg); break;
      case "ROLLBACK-BEGIN": out.rolledBack = true; break;
      case "RESULT": {
        const [code, word] = arg.split(" ");
        out.code = Number(code);
        out.word = word;
        break;
      }
    }
  }
  out.stateText = state.join("\n").trim() === "" ? "" : state.join("\n") + "\n";
  out.persistText = persist.join("\n");
  return out;
}
