// The seed of a generated-input run: LAGG_FC_SEED replays one, else a fresh one per run, printed first so a
// failure elsewhere in the file can still be replayed (fast-check's own message also names it).

/** The seed this file's properties use; printed once. */
export function runSeed(file: string): number {
  const given = process.env.LAGG_FC_SEED;
  const seed = given !== undefined && given !== "" ? Number(given) : Date.now() % 2 ** 31;
  if (!Number.isInteger(seed)) throw new Error(`LAGG_FC_SEED must be an integer, got ${given}`);
  console.log(`${file}: fast-check seed ${seed} (replay with LAGG_FC_SEED=${seed})`);
  return seed;
}

/** Counts for the report: inputs tried and invariants checked in this file. */
export const tally = { inputs: 0, invariants: 0 };
