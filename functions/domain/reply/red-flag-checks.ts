/**
 * When a red-flag phrase does not count (red-flags.ts): answered "no", hypothetical, about someone
 * else, over and done; and whether the cue its rule needs is there.
 */
import { CLAUSE_BREAKS } from "./phrases.js";
import type { PhraseMatch } from "./phrases.js";
import type { Cue } from "./red-flag-rules.js";
import { BONE_SITES, IT, OTHERS, PAIN_CUES, POST_NO, POST_SKIP, SELF } from "./red-flag-words.js";
import type { Sentence } from "./tokens.js";

export const answeredNo = (s: Sentence, end: number): boolean => {
  for (let j = end; j < s.tokens.length && j < end + 5; j++) {
    const t = s.tokens[j]!.text;
    if (POST_NO.has(t)) return true;
    if (t === "not" && s.tokens[j + 1]?.text === "really") return true;
    if (!POST_SKIP.has(t)) return false;
  }
  return false;
};

export const hypothetical = (s: Sentence, first: number): boolean => {
  for (let j = first - 1; j >= 0 && j >= first - 5; j--) {
    const t = s.tokens[j]!.text;
    if (CLAUSE_BREAKS.has(t) && t !== "and") return false;
    if (
      (t === "if" && s.tokens[j - 1]?.text !== "even") ||
      t === "unless" ||
      t === "lest" ||
      (t === "case" && s.tokens[j - 1]?.text === "in")
    ) {
      return true;
    }
  }
  return false;
};

export const aboutSomeoneElse = (s: Sentence, first: number): boolean => {
  for (let j = first - 1; j >= 0 && j >= first - 5; j--) {
    const t = s.tokens[j]!.text;
    if (SELF.has(t)) return false;
    if (OTHERS.has(t)) return true;
  }
  return false;
};

/** Over and done: "the swelling went down", "swelling is all gone", "limped home, fine now". */
const RESOLVED =
  /(?<![^ ])(?:(?:gone|went|going) (?:down|away)|all gone|long gone|is gone|gone now|faded|cleared|disappeared|healed|(?:fine|ok|okay|good|better|normal) (?:now|since|again)|been (?:fine|ok|okay|good)|no longer)(?![^ ])/g;

export const resolved = (s: Sentence, end: number): boolean => {
  const after = s.starts[end];
  if (after === undefined) return false;
  RESOLVED.lastIndex = after;
  for (let m = RESOLVED.exec(s.canon); m !== null; m = RESOLVED.exec(s.canon)) {
    // "hasn't gone away" is the opposite.
    let token = end;
    while (token + 1 < s.starts.length && s.starts[token + 1]! <= m.index) token++;
    if (!s.negated[token]) {
      RESOLVED.lastIndex = 0;
      return true;
    }
  }
  RESOLVED.lastIndex = 0;
  return false;
};

export interface SentenceCues {
  sentence: Sentence;
  areaTokens: ReadonlySet<number>;
  /** Computed once per sentence: "is there a pain word anywhere", with and without "it". */
  anyPain: boolean;
  anyPainOrIt: boolean;
  anyBoneSite: boolean;
}

export const sentenceCues = (sentence: Sentence, areaTokens: ReadonlySet<number>): SentenceCues => {
  const texts = sentence.tokens.map((t) => t.text);
  const anyPain = texts.some((t, i) => PAIN_CUES.has(t) || areaTokens.has(i));
  return {
    sentence,
    areaTokens,
    anyPain,
    anyPainOrIt: anyPain || texts.some((t) => IT.has(t)),
    anyBoneSite: texts.some((t) => BONE_SITES.has(t.replace(/'s$/, ""))),
  };
};

export const cueMet = (cue: Cue, cues: SentenceCues, m: PhraseMatch): boolean => {
  const { sentence: s, areaTokens } = cues;
  const isPain = (i: number): boolean => PAIN_CUES.has(s.tokens[i]!.text) || areaTokens.has(i);
  const isPainOrIt = (i: number): boolean => isPain(i) || IT.has(s.tokens[i]!.text);
  const near = (test: (i: number) => boolean): boolean => {
    for (let j = m.first - 1; j >= 0 && j >= m.first - 5; j--) {
      if (CLAUSE_BREAKS.has(s.tokens[j]!.text)) break;
      if (test(j)) return true;
    }
    for (let j = m.end; j < s.tokens.length && j < m.end + 5; j++) {
      if (CLAUSE_BREAKS.has(s.tokens[j]!.text)) break;
      if (test(j)) return true;
    }
    return false;
  };
  switch (cue) {
    case "none":
      return true;
    case "pain":
      return cues.anyPain;
    case "pain-or-it":
      return cues.anyPainOrIt;
    case "pain-near":
      return near(isPain);
    case "pain-or-it-near":
      return near(isPainOrIt);
    case "bone-site":
      return cues.anyBoneSite;
    case "area-before":
      for (let j = m.first - 1; j >= 0 && j >= m.first - 4; j--) if (areaTokens.has(j)) return true;
      return false;
  }
};
