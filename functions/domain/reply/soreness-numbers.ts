/**
 * Numbers as soreness scores (soreness.ts, rules 1-5): reading a number, widening it over a range,
 * ruling out units, labels and times, and the tier its cues earn.
 */
import type { Sentence, Token } from "./tokens.js";
import { ownEntry } from "./text.js";
import {
  ADJACENT_BREAKS,
  ALONE_OK,
  CUE_AFTER,
  CUE_BEFORE,
  ONE_AFTER_OK,
  PREFIX_SKIP,
  SCORE_WORDS,
  SORENESS_WORDS,
} from "./soreness-cues.js";
import { AT_OK, MONTHS_AND_DAYS, NUMBER_WORDS, PREV_BLOCK, UNITS } from "./soreness-words.js";

export type Tier = 1 | 2 | 3 | 4;

export interface Candidate {
  value: number;
  tier: Tier;
  past: boolean;
}

interface NumberRead {
  value: number;
  explicit: boolean;
}

const readNumber = (t: Token | undefined): NumberRead | null => {
  if (!t) return null;
  if (t.kind === "word") {
    const v = ownEntry(NUMBER_WORDS, t.text);
    return v === undefined ? null : { value: v, explicit: false };
  }
  if (t.kind !== "num") return null;
  if (/^\d+$/.test(t.text)) {
    if (t.text.length > 1 && t.text.startsWith("0")) return null;
    return { value: Number(t.text), explicit: false };
  }
  if (/^\d{1,2}[.,]\d$/.test(t.text)) return { value: Math.ceil(Number(t.text.replace(",", "."))), explicit: false };
  const fraction = /^(\d{1,2}(?:[.,]\d)?)\/10$/.exec(t.text);
  if (fraction) return { value: Math.ceil(Number(fraction[1]!.replace(",", "."))), explicit: true };
  return null;
};

const isTen = (t: Token | undefined): boolean => t?.text === "10" || t?.text === "ten";

/** Length of an explicit "/ 10", "out of 10", "of 10" after index `at`, or 0. */
const denominatorLength = (tokens: Token[], at: number): number => {
  const a = tokens[at]?.text;
  if (a === "/" && isTen(tokens[at + 1])) return 2;
  if (a === "out" && tokens[at + 1]?.text === "of" && isTen(tokens[at + 2])) return 3;
  if (a === "outta" && isTen(tokens[at + 1])) return 2;
  if (a === "of" && isTen(tokens[at + 1])) return 2;
  return 0;
};

const blockedBefore = (sentence: Sentence, first: number, areaTokens: ReadonlySet<number>): boolean => {
  const { tokens } = sentence;
  const self = tokens[first]!;
  const prev = tokens[first - 1];
  if (!prev) return false;
  if (!self.spaced && prev.kind === "word") return true;
  if (prev.text === "at") {
    const before = tokens[first - 2];
    return !(before && (AT_OK.has(before.text) || SORENESS_WORDS.has(before.text) || areaTokens.has(first - 2)));
  }
  if (prev.text === "to") {
    const before = tokens[first - 2]?.text;
    return !(before === "down" || before === "up" || before === "back");
  }
  if (prev.text === "a" && PREV_BLOCK.has(tokens[first - 2]?.text ?? "")) return true;
  return PREV_BLOCK.has(prev.text) || MONTHS_AND_DAYS.has(prev.text);
};

const blockedAfter = (tokens: Token[], at: number, value: number): boolean => {
  const next = tokens[at];
  if (!next) return false;
  const after = tokens[at + 1]?.text;
  if (UNITS.has(next.text) || MONTHS_AND_DAYS.has(next.text) || next.text === "may") return true;
  if (next.text === "=" || next.text === "being") return true;
  if (next.text === "(" && (value === 0 || value === 10)) return true;
  if (next.text === "-" && after !== undefined && UNITS.has(after)) return true;
  if ((next.text === "a" || next.text === "per" || next.text === "every") && after !== undefined && UNITS.has(after)) return true;
  if (next.text === "and" && after === "a" && tokens[at + 2]?.text === "half") return true;
  return false;
};

/** Is a word for which `test` holds within `reach` tokens of the span, before a break? */
export const nearWord = (tokens: Token[], first: number, end: number, reach: number, test: (i: number) => boolean): boolean => {
  for (let j = first - 1; j >= 0 && j >= first - reach; j--) {
    if (ADJACENT_BREAKS.has(tokens[j]!.text)) break;
    if (test(j)) return true;
  }
  for (let j = end; j < tokens.length && j < end + reach; j++) {
    if (ADJACENT_BREAKS.has(tokens[j]!.text)) break;
    if (test(j)) return true;
  }
  return false;
};

const hasScorePrefix = (tokens: Token[], first: number): boolean => {
  for (let j = first - 1, steps = 0; j >= 0 && steps < 5; j--, steps++) {
    const t = tokens[j]!.text;
    if (SCORE_WORDS.has(t)) return true;
    if (!PREFIX_SKIP.has(t)) return false;
  }
  return false;
};

const onlyFillers = (tokens: Token[]): boolean =>
  tokens.every((t) => t.kind !== "word" || ALONE_OK.has(t.text) || ownEntry(NUMBER_WORDS, t.text) !== undefined);

/** A number and the tokens it spans: a range or a change widens it ("3-4", "from 6 to 4"). */
interface Span {
  first: number;
  last: number;
  value: number;
  explicit: boolean;
  /** "between 3 and 4", "from 6 to 4": the words around it already say it is a score. */
  cued: boolean;
}

/**
 * The number at `i`, widened over a range or change ("3-4", "3 to 4", "3 or 4", "between 3 and 4",
 * "from 6 to 4"); null when the range is the scale itself or runs past 10. Marks the range's second number used.
 */
const spanAt = (tokens: Token[], i: number, read: NumberRead, used: Set<number>): Span | null => {
  const span: Span = { first: i, last: i, value: read.value, explicit: read.explicit, cued: false };
  const joiner = tokens[i + 1]?.text;
  const second = readNumber(tokens[i + 2]);
  const between = tokens[i - 1]?.text === "between" && joiner === "and";
  if (read.explicit || !second || !(joiner === "-" || joiner === "to" || joiner === "or" || between)) return span;
  used.add(i + 2);
  if (read.value <= 1 && second.value === 10 && !second.explicit) return null; // the scale itself
  if (read.value > 10 || second.value > 10) return null;
  const change = tokens[i - 1]?.text === "from";
  return {
    first: between || change ? i - 1 : i,
    last: i + 2,
    value: change ? second.value : Math.max(read.value, second.value),
    explicit: second.explicit,
    cued: between || change,
  };
};

/** What every number of one sentence is read against. */
interface Reading {
  sentence: Sentence;
  areaTokens: ReadonlySet<number>;
  /** A soreness or area word at token i. */
  isContext: (i: number) => boolean;
  /** How many tokens of the sentence read as numbers. */
  numberTokens: number;
}

/**
 * The tier the number at `i` (its span) earns, or null when a unit, label or time rules it out or
 * nothing cues it. Marks a denominator ("/ 10", "out of 10") used.
 */
const tierOf = (reading: Reading, span: Span, i: number, used: Set<number>): Tier | null => {
  const { sentence, areaTokens, isContext } = reading;
  const { tokens } = sentence;
  const { first, last, value, cued } = span;
  const denominator = span.explicit ? 0 : denominatorLength(tokens, last + 1);
  for (let k = 1; k <= denominator; k++) used.add(last + k);
  const explicit = span.explicit || denominator > 0;
  if (blockedBefore(sentence, first, areaTokens)) return null;
  if (!explicit && blockedAfter(tokens, last + 1, value)) return null;

  const prev = tokens[first - 1];
  const next = tokens[last + 1 + denominator];
  if (tokens[i]!.text === "one" && !explicit) {
    const afterOk = next === undefined || next.kind === "punct" || ONE_AFTER_OK.has(next.text);
    if (!afterOk || !prev || !(CUE_BEFORE.has(prev.text) || SCORE_WORDS.has(prev.text))) return null;
  }
  if (explicit || hasScorePrefix(tokens, first)) return 1;
  const isWord = tokens[i]!.kind === "word";
  if (isWord ? prev !== undefined && isContext(first - 1) : nearWord(tokens, first, last + 1, 4, isContext)) return 2;
  if (
    cued ||
    (prev && CUE_BEFORE.has(prev.text)) ||
    (next && CUE_AFTER.has(next.text)) ||
    (reading.numberTokens === 1 + (last - i > 0 ? 1 : 0) && onlyFillers(tokens))
  ) {
    return 3;
  }
  return null;
};

/** Every number in the sentence that reads as a score, with its tier. */
export const numberCandidates = (sentence: Sentence, areaTokens: ReadonlySet<number>, past: boolean[]): Candidate[] => {
  const { tokens } = sentence;
  const reading: Reading = {
    sentence,
    areaTokens,
    isContext: (i) => SORENESS_WORDS.has(tokens[i]!.text) || areaTokens.has(i),
    numberTokens: tokens.filter((t) => readNumber(t) !== null).length,
  };
  const out: Candidate[] = [];
  const used = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const read = readNumber(tokens[i]);
    if (!read) continue;
    const span = spanAt(tokens, i, read, used);
    if (!span || span.value > 10) continue;
    const tier = tierOf(reading, span, i, used);
    if (tier !== null) out.push({ value: span.value, tier, past: past[i] === true });
  }
  return out;
};
