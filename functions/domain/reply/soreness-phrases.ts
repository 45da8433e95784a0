/** Intensity phrases and the score each reads as (soreness.ts, rule 5, tier 4): "a bit sore" 3, "severe" 8. */
import { phraseRegex } from "./phrases.js";

const DEGREES: ReadonlyArray<readonly [string, number]> = [
  ["barely", 1],
  ["hardly", 1],
  ["very slightly", 1],
  ["a tiny bit", 1],
  ["tiny bit", 1],
  ["slightly", 2],
  ["a little", 2],
  ["a little bit", 2],
  ["little bit", 2],
  ["a touch", 2],
  ["a tad", 2],
  ["a wee bit", 2],
  ["not very", 2],
  ["not too", 2],
  ["not that", 2],
  ["not so", 2],
  ["not really", 2],
  ["not overly", 2],
  ["not hugely", 2],
  ["a bit", 3],
  ["bit", 3],
  ["mildly", 3],
  ["somewhat", 3],
  ["kind of", 3],
  ["kinda", 3],
  ["sort of", 3],
  ["fairly", 5],
  ["quite", 5],
  ["pretty", 5],
  ["moderately", 5],
  ["rather", 5],
  ["reasonably", 5],
  ["very", 7],
  ["really", 7],
  ["so", 7],
  ["super", 7],
  ["properly", 7],
  ["seriously", 7],
  ["proper", 7],
  ["well", 7],
  ["really really", 8],
  ["very very", 8],
  ["extremely", 8],
  ["incredibly", 8],
  ["insanely", 8],
  ["massively", 8],
  ["ridiculously", 8],
  ["unbelievably", 8],
  ["horribly", 8],
  ["terribly", 8],
  ["awfully", 8],
  ["brutally", 8],
  ["crazy", 8],
  ["stupidly", 8],
  ["painfully", 8],
];
const SORE_ADJECTIVES = ["sore", "achy", "stiff", "tight", "tender", "painful", "aching", "bad"];

/**
 * Intensity word table. `context: true` entries count only next to a soreness or area word, or
 * as a whole sentence ("Mild."), so "a moderate pace" is not a score. Entries that do not start
 * with a negation are ignored when negated ("no severe pain").
 */
const STANDALONE: ReadonlyArray<readonly [string, number]> = [
  ["mild", 3],
  ["slight", 2],
  ["moderate", 5],
  ["medium", 5],
  ["severe", 8],
  ["agony", 9],
  ["in agony", 9],
  ["agonising", 9],
  ["agonizing", 9],
  ["excruciating", 9],
  ["unbearable", 10],
  ["worst ever", 10],
  ["worst pain ever", 10],
  ["killing me", 8],
  ["wrecked", 8],
  ["destroyed", 8],
  ["trashed", 7],
  ["battered", 7],
  ["bit of soreness", 3],
  ["a bit of soreness", 3],
  ["a little soreness", 2],
  ["some soreness", 3],
  ["lots of soreness", 7],
  ["not bad", 2],
];
const ZERO: readonly string[] = [
  "not sore",
  "not sore at all",
  "not at all sore",
  "not even sore",
  "no soreness",
  "zero soreness",
  "no soreness at all",
  "no pain",
  "no pain at all",
  "pain free",
  "no doms",
  "no aches",
  "not achy",
  "not stiff",
  "not sore anymore",
  "no longer sore",
  "not one bit sore",
  "nothing sore",
];
/** Words that are a score only as a whole sentence ("None.", "Nothing!"). */
export const SENTENCE_ONLY: Readonly<Record<string, number>> = { none: 0, nothing: 0, nil: 0, "none at all": 0, "nothing at all": 0 };

export const PHRASE_VALUE = new Map<string, { value: number; context: boolean }>();
for (const [degree, value] of DEGREES) {
  for (const adjective of SORE_ADJECTIVES) PHRASE_VALUE.set(`${degree} ${adjective}`, { value, context: false });
}
for (const [phrase, value] of STANDALONE) PHRASE_VALUE.set(phrase, { value, context: true });
for (const phrase of ZERO) PHRASE_VALUE.set(phrase, { value: 0, context: false });
export const PHRASE_REGEX = phraseRegex([...PHRASE_VALUE.keys()]);
