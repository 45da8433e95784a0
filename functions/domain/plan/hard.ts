/**
 * Hard running (seiler-2010, practice): about 20 % of running time, never more than 25 %; none for
 * new runners in their first 10 weeks (they build an easy base) and none for returning runners in
 * weeks 1-3. Sessions fit the goal and start with strides.
 */
import type { Goal, Level } from "../profile.js";

/** The most of a week's running time hard sessions may take. */
export const HARD_SHARE = 0.2;
/** The longest hard session, minutes: past it, more hard running is not better. */
export const HARD_MAX_MINUTES = 50;
/** The first week a level may run hard; new runners build an easy base all programme. */
export const FIRST_HARD_WEEK: Readonly<Record<Level, number>> = { new: Number.POSITIVE_INFINITY, returning: 4, regular: 1, experienced: 1 };

/**
 * How many hard sessions week N holds: none at 2 runs or fewer or before the level's first hard
 * week; at 3 runs one every other week; 1 at 4-5 runs; 2 at 6 or more for experienced runners.
 * @example hardCount("regular", 3, 2) // 1
 */
export const hardCount = (level: Level, runs: number, week: number): number => {
  if (runs <= 2 || week < FIRST_HARD_WEEK[level]) return 0;
  if (runs === 3) return week % 2 === 0 ? 1 : 0;
  return runs >= 6 && level === "experienced" ? 2 : 1;
};

const WARM_UP = 10;
const WARM_DOWN = 5;
/** Short races: intervals; long races: tempo blocks. */
const SHORT_GOALS: readonly Goal[] = ["general", "5k", "10k"];

/**
 * The hard session that fits `minutes`: 10 minutes easy with 4 strides, the main set, 5 minutes easy.
 * 5k-10k (and general): intervals of 1-3 minutes; half to ultra: tempo blocks of 5-10 minutes; every
 * other hard session for the short goals is hills.
 * @example hardNote("5k", 30, 2) // "10 min easy + 4 × 20 s strides, then 7 × 2 min hard with 1 min easy jog between, 5 min easy."
 */
export const hardNote = (goal: Goal, minutes: number, week: number): string => {
  const main = Math.max(4, minutes - WARM_UP - WARM_DOWN);
  const lead = `${WARM_UP} min easy + 4 × 20 s strides, then`;
  if (SHORT_GOALS.includes(goal)) {
    const hills = week % 4 === 0;
    const rest = hills ? 2 : 1;
    // The work block grows with the session, so a longer session means longer efforts, not more of them.
    const work = hills ? 1 : Math.max(1, Math.min(4, Math.floor(main / 6) - rest));
    const repeats = Math.max(2, Math.floor(main / (work + rest)));
    const what = hills
      ? `${repeats} × 1 min uphill, hard, walking or jogging back down (about 2 min)`
      : `${repeats} × ${work} min hard with ${rest} min easy jog between`;
    return `${lead} ${what}, ${WARM_DOWN} min easy.`;
  }
  const block = Math.min(10, 5 + Math.floor(week / 3));
  const repeats = Math.max(1, Math.floor((main + 2) / (block + 2)));
  const tempo = "at tempo (comfortably hard: a few words at a time)";
  const what = repeats === 1 ? `${main} min ${tempo}` : `${repeats} × ${block} min ${tempo} with 2 min easy between`;
  return `${lead} ${what}, ${WARM_DOWN} min easy.`;
};
