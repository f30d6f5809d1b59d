// midclt (TrueNAS CORE middleware client). SEAM: the middleware layer is added later by another
// part of the simulator on top of the kernel API; until then the command answers like a missing one.
import type { SimCommand } from "./host";

/** Placeholder for the TrueNAS middleware client (exit 127, as a shell reports a missing command). */
export const midclt: SimCommand = () => ({ stdout: "", stderr: "midclt: command not found\n", exitCode: 127 });
