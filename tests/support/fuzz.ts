import fc from "fast-check";

/**
 * Run settings for the property-based suites (fast-check). A normal run (CI, `npm test`) uses one fixed
 * seed and each property's short run count, so it is fast and replays exactly. Deep mode,
 * `LEGWORK_FUZZ_DEEP=1 npx vitest run tests/reliability tests/domain/reply/fuzz.test.ts`, uses each
 * property's deep count (at least the counts these suites ran before they had two modes) and a fresh
 * seed that fast-check prints with any failure; `LEGWORK_FUZZ_SEED=<seed>` replays it in either mode.
 */
export const FUZZ_DEEP = process.env["LEGWORK_FUZZ_DEEP"] === "1";

const FIXED_SEED = 20_261_203;
const seedSetting = process.env["LEGWORK_FUZZ_SEED"];
export const FUZZ_SEED: number | undefined = seedSetting ? Number(seedSetting) : FUZZ_DEEP ? undefined : FIXED_SEED;

/** The fast-check parameters of one property: `fast` runs normally, `deep` in deep mode. */
export const fuzzRuns = (fast: number, deep: number): { numRuns: number; seed?: number } => ({
  numRuns: FUZZ_DEEP ? deep : fast,
  ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }),
});

/** Sums run counts, for suites that check how many cases really ran. */
export const totalRuns = (...runs: { numRuns: number }[]): number => runs.reduce((sum, r) => sum + r.numRuns, 0);

// Every other property in the suites (those without their own seed) replays with the same seed too.
if (FUZZ_SEED !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FUZZ_SEED });
