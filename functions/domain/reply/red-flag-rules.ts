/**
 * The phrase rules of red flags, one or more per code: the table in red-flags.ts, as data. The rules
 * live in three files by the flags they detect; this joins them in `RED_FLAGS` order.
 */
import { COURSE_RULES } from "./red-flag-course-rules.js";
import { INJURY_RULES } from "./red-flag-injury-rules.js";
import type { Rule } from "./red-flag-rule.js";
import { SIGN_RULES } from "./red-flag-sign-rules.js";

export type { Cue, Rule } from "./red-flag-rule.js";

export const RULES: readonly Rule[] = [...SIGN_RULES, ...COURSE_RULES, ...INJURY_RULES];
