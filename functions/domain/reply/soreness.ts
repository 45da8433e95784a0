/**
 * Reads one soreness score (0-10) from new text. The rules, in order:
 *
 * 1. Candidates are numbers 0-10 (digits or the words zero..ten), ranges, and intensity phrases.
 * 2. A number is NOT a candidate when it is part of a distance, duration, pace, time, date, count
 *    or scale: a unit follows ("10k", "5 km", "20 min", "3 x", "80%", "3rd", "a week"), a blocking
 *    word precedes ("week 3", "ran 6", "zone 2", "at 7" after a verb, "#3", "£5", "size 9",
 *    "RPE 6"), it is glued to letters ("x3"), it has a leading zero, a colon or several
 *    separators ("07", "7:00", "5:30/km", "3.3.2025"), a month or weekday is next to it, it is
 *    over 10, or it is a denominator ("of 10", "/10"). Contact lines and digit runs of 7+ digits
 *    (phone numbers, dates) are blanked before reading.
 * 3. Ranges "3 or 4", "3-4", "3 to 4", "between 3 and 4" read as the HIGHER number: under-reading
 *    pain is the worse error. "from 6 to 4" (a change) reads as the second number. A range from
 *    0 or 1 to 10 is the scale itself and is ignored ("rate it from 0 to 10").
 * 4. Decimals with one digit round up ("6.5" is 7); two digits ("7.30") are times, not scores.
 * 5. Each candidate gets a tier (lower wins):
 *    1. explicit: "6/10", "6 out of 10", "6 of 10", or right after soreness/score/rating/DOMS/rate
 *    2. near (within 4 tokens, same clause) a soreness word (sore, pain, hurts, ache, stiff, legs,
 *       feel...) or an area word ("calves 6")
 *    3. cued: after "a", "about", "maybe", "say", "is", "now"..., before "ish", "today", "tops"...,
 *       or alone in its sentence but for filler words ("6", "Hi, 6 today thanks")
 *    4. an intensity phrase from `PHRASES` (mild 3, moderate 5, severe 8...)
 *    Numbers with none of these cues are ignored ("2 kids").
 * 6. Candidates in a past clause ("was", "yesterday", "last week"...) are used only if there is
 *    no other candidate: "was a 7 yesterday, now a 4" reads 4.
 * 7. Among the remaining candidates of the best tier, the HIGHEST value wins (worst area).
 */
import type { AreaMention } from "./areas.js";
import { CLAUSE_BREAKS, matchPhrases } from "./phrases.js";
import { LAST_PERIOD, PAST_CLAUSE_STARTS, PAST_WORDS, SORENESS_WORDS } from "./soreness-cues.js";
import type { Candidate } from "./soreness-numbers.js";
import { nearWord, numberCandidates } from "./soreness-numbers.js";
import { PHRASE_REGEX, PHRASE_VALUE, SENTENCE_ONLY } from "./soreness-phrases.js";
import { ownEntry } from "./text.js";
import type { Sentence, Token } from "./tokens.js";

/** Past-tense clauses: candidates there lose to present ones. */
const pastFlags = (tokens: Token[]): boolean[] => {
  const clauseOf: number[] = [];
  let clause = 0;
  for (const t of tokens) {
    if (CLAUSE_BREAKS.has(t.text) || PAST_CLAUSE_STARTS.has(t.text)) clause++;
    clauseOf.push(clause);
  }
  const pastClauses = new Set<number>();
  tokens.forEach((t, i) => {
    const next = tokens[i + 1]?.text ?? "";
    if (PAST_WORDS.has(t.text) || (t.text === "last" && LAST_PERIOD.has(next)) || (t.text === "at" && next === "first")) {
      pastClauses.add(clauseOf[i]!);
    }
  });
  return clauseOf.map((c) => pastClauses.has(c));
};

const phraseCandidates = (sentence: Sentence, areaTokens: ReadonlySet<number>, past: boolean[]): Candidate[] => {
  const { tokens } = sentence;
  const out: Candidate[] = [];
  const meaningful = tokens.filter((t) => t.kind === "word" && t.text !== "thanks" && t.text !== "really");
  const whole = meaningful.map((t) => t.text).join(" ");
  const sentenceOnly = ownEntry(SENTENCE_ONLY, whole);
  if (sentenceOnly !== undefined) out.push({ value: sentenceOnly, tier: 4, past: false });

  for (const m of matchPhrases(sentence, PHRASE_REGEX)) {
    const entry = PHRASE_VALUE.get(m.text);
    if (!entry) continue;
    const selfNegating = /^(?:not|no|zero|pain)\b/.test(m.text);
    if (!selfNegating && sentence.negated[m.first]) continue;
    if (entry.context) {
      const isContext = (i: number): boolean => SORENESS_WORDS.has(tokens[i]!.text) || areaTokens.has(i);
      const alone = meaningful.length <= m.end - m.first + 1;
      if (!alone && !nearWord(tokens, m.first, m.end, 4, isContext)) continue;
    }
    out.push({ value: entry.value, tier: 4, past: past[m.first] === true });
  }
  return out;
};

/** The soreness score (0-10) the text gives, or null. See the rules at the top of this file. */
export const readSoreness = (sentences: readonly Sentence[], mentions: readonly AreaMention[][]): number | null => {
  const candidates: Candidate[] = [];
  sentences.forEach((sentence, s) => {
    const areaTokens = new Set<number>();
    for (const m of mentions[s] ?? []) for (let i = m.first; i < m.end; i++) areaTokens.add(i);
    const past = pastFlags(sentence.tokens);
    candidates.push(...numberCandidates(sentence, areaTokens, past), ...phraseCandidates(sentence, areaTokens, past));
  });
  if (candidates.length === 0) return null;
  const present = candidates.filter((c) => !c.past);
  const pool = present.length > 0 ? present : candidates;
  const best = Math.min(...pool.map((c) => c.tier));
  return Math.max(...pool.filter((c) => c.tier === best).map((c) => c.value));
};
