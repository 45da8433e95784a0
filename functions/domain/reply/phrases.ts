/**
 * Phrase matching on a sentence's `canon`, where tokens are separated by exactly one space: the
 * phrase regexes every word table compiles to, and where their matches fall in the tokens.
 */
import type { Sentence } from "./tokens.js";

/**
 * Builds a global regex matching any of `phrases` as whole tokens in `canon`. A phrase is
 * regex source over space-separated tokens, e.g. "pins and needles" or "(?:warm|hot) to touch".
 */
export const phraseRegex = (phrases: readonly string[]): RegExp =>
  new RegExp(`(?<![^ ])(?:${[...phrases].sort((a, b) => b.length - a.length).join("|")})(?![^ ])`, "gu");

export interface PhraseMatch {
  /** First and one-past-last token index. */
  first: number;
  end: number;
  text: string;
}

/** Token index whose canon offset is `offset` (offsets from phraseRegex always start a token). */
const tokenAt = (sentence: Sentence, offset: number): number => {
  let lo = 0;
  let hi = sentence.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentence.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/**
 * Every match of a `phraseRegex` regex in the sentence. It runs `exec` on the shared regex rather than
 * `matchAll`, which clones the regex on every call: with ~16 regexes per sentence that clone cost
 * 1-3 µs each and dominated the reading of thousands of short sentences.
 */
export const matchPhrases = (sentence: Sentence, regex: RegExp): PhraseMatch[] => {
  const out: PhraseMatch[] = [];
  const { canon } = sentence;
  regex.lastIndex = 0;
  for (let m = regex.exec(canon); m !== null; m = regex.exec(canon)) {
    // An empty match must not loop forever (what matchAll does: step past it).
    if (m[0] === "") regex.lastIndex = m.index + ((canon.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
    const first = tokenAt(sentence, m.index);
    const end = tokenAt(sentence, m.index + m[0].length - 1) + 1;
    out.push({ first, end, text: m[0] });
  }
  regex.lastIndex = 0;
  return out;
};

/** Where one statement ends and the next begins, for "nearby" checks and past-tense clauses. */
export const CLAUSE_BREAKS = new Set([",", ";", "?", "(", ")", "but", "and", "though", "although", "however", "whereas", "while", "then"]);
