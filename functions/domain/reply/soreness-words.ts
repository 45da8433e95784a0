/**
 * Word tables that rule a number out as a soreness score (soreness.ts, rule 2): number words here, units
 * and dates beside it in soreness-units.ts, and the words before it that make it a count, a label or a
 * time in soreness-prev-words.ts. Importers keep one path for all of them.
 */

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  nil: 0,
  nought: 0,
  naught: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

export { MONTHS_AND_DAYS, UNITS } from "./soreness-units.js";
export { AT_OK, PREV_BLOCK } from "./soreness-prev-words.js";
