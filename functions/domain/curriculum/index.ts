/**
 * The curriculum, in sending order. The order and why:
 * 1 soreness (DOMS): what the runner feels, and the red flags, before any advice;
 * 2-5 the three training mistakes, biggest lever first: easy running (every run), warm-up and
 *   warm-down (minutes per run), strength (new sessions, once the running week has a shape);
 * 6-9 the four recovery techniques in the article's order: active rest (a sore-day swap for the
 *   plan built so far), sleep, massage and foam rolling (whose "cross-train or rest" advice needs
 *   week 6 first), drinking and eating;
 * 10 the whole routine in one list.
 */
import type { WeekContent } from "./types.js";
import { week01 } from "./week01-why-legs-get-sore.js";
import { week02 } from "./week02-mostly-easy.js";
import { week03 } from "./week03-warm-up.js";
import { week04 } from "./week04-warm-down.js";
import { week05 } from "./week05-strength.js";
import { week06 } from "./week06-cross-training.js";
import { week07 } from "./week07-sleep.js";
import { week08 } from "./week08-massage-foam-rolling.js";
import { week09 } from "./week09-drinking-eating.js";
import { week10 } from "./week10-keep-going.js";

export const WEEKS: readonly WeekContent[] = [week01, week02, week03, week04, week05, week06, week07, week08, week09, week10];

export type { Claim, Habit, Note, Section, SourceKey, WeekContent } from "./types.js";
export { SOURCE_KEYS } from "./types.js";
