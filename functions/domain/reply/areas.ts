/**
 * Sore areas: where the text names a body area (word tables in area-words.ts), leaving out exercises,
 * non-body "back"s and areas said to be fine.
 */
import { SORE_AREAS } from "../profile.js";
import type { SoreArea } from "../profile.js";
import {
  AREA_WORDS,
  BACK_ADVERB_NEXT,
  BACK_ADVERB_PREV,
  BACK_AFTER_BODY,
  BACK_BEFORE_BODY,
  EXERCISE_NEXT,
  EXERCISE_PREV,
  POST_NEGATED_WHAT,
  POST_NEGATORS,
  POST_OK,
  POST_SKIP,
} from "./area-words.js";
import { matchPhrases, phraseRegex } from "./phrases.js";
import type { PhraseMatch } from "./phrases.js";
import type { Sentence } from "./tokens.js";

const AREA_OF = new Map<string, SoreArea>();
const ALL_PHRASES: string[] = [];
for (const area of SORE_AREAS) {
  for (const phrase of AREA_WORDS[area]) ALL_PHRASES.push(phrase);
}
// "knee's", "calf's": the possessive or "is" clitic stays glued to the token.
const AREA_REGEX = phraseRegex(ALL_PHRASES.map((p) => `(?:${p})(?:'s)?`));
const PER_AREA = SORE_AREAS.map((area) => [area, new RegExp(`^(?:${AREA_WORDS[area].join("|")})$`, "u")] as const);

const areaOf = (raw: string): SoreArea | undefined => {
  const text = raw.endsWith("'s") ? raw.slice(0, -2) : raw;
  const cached = AREA_OF.get(text);
  if (cached) return cached;
  const found = PER_AREA.find(([, re]) => re.test(text))?.[0];
  if (found) AREA_OF.set(text, found);
  return found;
};

/** "back" names the lower back only when it reads as a body part: "my back", "back pain", "sore back". */
const isBodyBack = (sentence: Sentence, i: number): boolean => {
  const prev = sentence.tokens[i - 1]?.text;
  const next = sentence.tokens[i + 1]?.text;
  if (next !== undefined && BACK_ADVERB_NEXT.has(next)) return false;
  if (prev !== undefined && BACK_ADVERB_PREV.has(prev)) return false;
  return (prev !== undefined && BACK_BEFORE_BODY.has(prev)) || (next !== undefined && BACK_AFTER_BODY.has(next));
};

/** Is the mention followed by "is fine", "are not sore", "no pain", ": 0"...? */
const saidToBeFine = (sentence: Sentence, end: number): boolean => {
  const { tokens } = sentence;
  for (let j = end; j < tokens.length && j < end + 8; j++) {
    const t = tokens[j]!.text;
    // A comma continues only a list of areas: "calves, knees and quads are fine".
    if (t === ",") {
      const next = tokens[j + 1]?.text;
      if (next === undefined || (areaOf(next) === undefined && next !== "and" && next !== "my" && next !== "the")) return false;
      continue;
    }
    if (POST_SKIP.has(t) || areaOf(t) !== undefined) continue;
    if (POST_OK.has(t)) return true;
    if (t === "pain" && tokens[j + 1]?.text === "free") return true;
    if (POST_NEGATORS.has(t)) {
      const what = tokens[j + 1]?.text;
      // "not too bad" still means some soreness; "not sore", "don't hurt", "no pain" do not.
      if (what === "too" || what === "that" || what === "so" || what === "very") return false;
      return what !== undefined && POST_NEGATED_WHAT.has(what);
    }
    return false;
  }
  return false;
};

export interface AreaMention extends PhraseMatch {
  area: SoreArea;
  /** True when the text says this area is not sore ("no knee pain", "calves are fine"). */
  negated: boolean;
}

/** Every area mention in a sentence, exercises and non-body "back"s left out. */
export const findAreaMentions = (sentence: Sentence): AreaMention[] => {
  const out: AreaMention[] = [];
  for (const m of matchPhrases(sentence, AREA_REGEX)) {
    const area = areaOf(m.text);
    if (!area) continue;
    if ((m.text === "back" || m.text === "back's") && !isBodyBack(sentence, m.first)) continue;
    const next = sentence.tokens[m.end]?.text;
    const prev = sentence.tokens[m.first - 1]?.text;
    if ((next !== undefined && EXERCISE_NEXT.has(next)) || (prev !== undefined && EXERCISE_PREV.has(prev))) continue;
    const negated = sentence.negated[m.first] === true || saidToBeFine(sentence, m.end);
    out.push({ ...m, area, negated });
  }
  return out;
};

/** Sore areas in `SORE_AREAS` order, de-duplicated; an area both denied and affirmed counts as sore. */
export const readAreas = (mentions: readonly AreaMention[]): SoreArea[] => {
  const sore = new Set(mentions.filter((m) => !m.negated).map((m) => m.area));
  return SORE_AREAS.filter((a) => sore.has(a));
};
