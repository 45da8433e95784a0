/** How long a PAUSE asks for, in weeks (commands.ts, "pauseWeeks"). */
import { SMALL_NUMBERS } from "./command-words.js";
import { ownEntry } from "./text.js";

export const MIN_PAUSE_WEEKS = 1;
export const MAX_PAUSE_WEEKS = 12;

export const isNumberWord = (w: string): boolean => /^\d{1,3}$/.test(w) || ownEntry(SMALL_NUMBERS, w) !== undefined;

/** Weeks asked for in a pause command's tail, or null when it names no duration. */
export const readPauseWeeks = (tail: readonly string[]): number | null => {
  for (let i = 0; i < tail.length; i++) {
    const w = tail[i]!;
    if (w === "until" || w === "till" || w === "til") return null;
    if (w === "fortnight" || w === "fortnights") return clampWeeks(2 * countBefore(tail, i));
    const unit = /^(?:weeks?|wks?|w)$/.test(w) ? 1 : /^months?$/.test(w) ? 4 : /^days?$/.test(w) ? 1 / 7 : 0;
    if (unit === 0) continue;
    return clampWeeks(Math.ceil(countBefore(tail, i) * unit));
  }
  return null;
};

/** The number in front of a unit: "2 weeks", "two weeks", "a couple of weeks"; 1 when there is none. */
const countBefore = (tail: readonly string[], unitIndex: number): number => {
  for (let j = unitIndex - 1; j >= 0 && j >= unitIndex - 3; j--) {
    const w = tail[j]!;
    if (/^\d{1,3}$/.test(w)) return Number(w);
    const n = ownEntry(SMALL_NUMBERS, w);
    if (n !== undefined) return n;
  }
  return 1;
};

const clampWeeks = (weeks: number): number => Math.min(MAX_PAUSE_WEEKS, Math.max(MIN_PAUSE_WEEKS, weeks));
