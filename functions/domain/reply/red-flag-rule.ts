/** The shape of a red-flag phrase rule (red-flags.ts), shared by the rule tables and the cue checks. */
import type { PhraseMatch } from "./phrases.js";
import type { Sentence } from "./tokens.js";
import type { RedFlag } from "./types.js";

export type Cue = "none" | "pain" | "pain-or-it" | "pain-near" | "pain-or-it-near" | "area-before" | "bone-site";

export interface Rule {
  flag: RedFlag;
  phrases: readonly string[];
  cue: Cue;
  /** A sentence of at most `SHORT_SENTENCE` words needs no cue: "Getting worse." */
  shortOk?: boolean;
  /** Extra veto for a match, e.g. "7 sharp". */
  veto?: (sentence: Sentence, m: PhraseMatch) => boolean;
}
