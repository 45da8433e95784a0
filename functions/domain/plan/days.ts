/** Which run goes on which day: the long run at the weekend end, hard runs apart from it and each other, strength off the hard days. */
import type { SendDay } from "../profile.js";
import { SEND_DAYS } from "../profile.js";
import { dayIndex } from "./limits.js";

/** The slot (index into `days`) for the long run: Sunday, else Saturday, else the last day. */
export const longSlot = (days: readonly SendDay[]): number => {
  for (const want of ["sun", "sat"] as const) {
    const i = days.lastIndexOf(want);
    if (i >= 0) return i;
  }
  return days.length - 1;
};

/** Days apart on the weekly circle (Sunday and Monday are 1 apart). */
const gap = (a: SendDay, b: SendDay): number => {
  const d = Math.abs(dayIndex(a) - dayIndex(b));
  return Math.min(d, 7 - d);
};

/**
 * Slots for `count` hard runs: each one as far as possible from the long run and the other hard runs
 * (and never on a day that already holds one), the earliest on ties.
 * @example hardSlots(["tue", "thu", "sat", "sun"], 1, [3]) // [1]: Thursday, three days from Sunday
 */
export const hardSlots = (days: readonly SendDay[], count: number, taken: readonly number[]): number[] => {
  const chosen: number[] = [];
  for (let n = 0; n < count; n += 1) {
    let best = -1;
    let bestGap = -1;
    days.forEach((day, i) => {
      if (taken.includes(i) || chosen.includes(i)) return;
      const near = [...taken, ...chosen].map((j) => gap(day, days[j]!));
      const score = near.length === 0 ? 7 : Math.min(...near);
      if (score > bestGap) [best, bestGap] = [i, score];
    });
    if (best >= 0) chosen.push(best);
  }
  return chosen;
};

/**
 * Two strength days: days without a run first, then easy-run days; never a hard day or the day
 * before the long run; with a day between them where the week allows.
 */
export const strengthDays = (
  busy: readonly SendDay[],
  hardDays: readonly SendDay[],
  longDay: SendDay | undefined,
  count: number,
): SendDay[] => {
  const before = longDay === undefined ? undefined : SEND_DAYS[(dayIndex(longDay) + 6) % 7];
  const allowed = SEND_DAYS.filter((d) => !hardDays.includes(d) && d !== longDay && d !== before);
  const ranked = [...allowed.filter((d) => !busy.includes(d)), ...allowed.filter((d) => busy.includes(d))];
  const chosen: SendDay[] = [];
  for (let n = 0; n < count && ranked.length > 0; n += 1) {
    const pick = ranked
      .filter((d) => !chosen.includes(d))
      .map((d, order) => ({ d, order, apart: chosen.length === 0 ? 0 : Math.min(...chosen.map((c) => gap(d, c))) }))
      .sort((a, b) => Number(a.apart < 2) - Number(b.apart < 2) || a.order - b.order)[0];
    if (pick) chosen.push(pick.d);
  }
  return chosen;
};
