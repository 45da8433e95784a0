/**
 * Red flags (coaching-facts.md, "Safety"). Each code has phrase rules matched on whole tokens.
 * A match does not count when:
 * - it lies in a negation's scope: "no sharp pain", "not swollen", "without swelling",
 *   "I haven't noticed any swelling", "no swelling, bruising or numbness" (see `negationScope`);
 * - it is answered "no" like a questionnaire: "Swelling? No.", "sharp pain: none";
 * - it is hypothetical: "if", "unless" or "in case" within three words before ("should I stop
 *   if it gets worse?");
 * - it lacks the cue its rule needs (below), so "we ran at night" or "7 sharp" are not flags.
 * Anything else counts, past tense included: on safety, over-reading is the lesser error.
 *
 * | code             | reads                                                                  | cue needed            |
 * |------------------|------------------------------------------------------------------------|-----------------------|
 * | sharp_pain       | sharp, stabbing, shooting, searing, piercing, like a knife, electric shock | a pain or area word in the sentence |
 * | swelling         | swelling, swollen, swell(s/ed), puffy, puffed up                       | -                     |
 * | bruising         | bruise(d/s), bruising, black and blue, discoloured, warm/hot to the touch, warmth, red and hot, "<area> feels warm/hot" | - |
 * | rest_pain        | at rest, when resting, at/during the night, in bed, sitting still, wakes/woke me, keeps me awake, can't sleep | a pain word (or "it" for waking) within 5 words |
 * | persistent       | (for/over/lasted...) 3+ days, a week or more, "4 days now", for weeks, since last Tuesday, won't go away, not easing, not getting better | a pain or area word, or "it"/"this", in the sentence, unless it has at most 5 words |
 * | worsening        | worse (not "could be worse"), worsening, getting sorer, more painful each day | as for persistent |
 * | cant_bear_weight | limp(ing), hobbling, can't put weight on it, can't/can barely walk, crutches | -                |
 * | numbness         | numb(ness), tingling, pins and needles, loss of feeling, can't feel my | -                     |
 * | bone_pain        | one spot on the (shin)bone, on the bone, bone pain, tender spot on the shin, pinpoint, stress fracture | - ("one spot" alone: a shin, foot or bone word in the sentence) |
 * | joint_pain       | inside/deep in the knee (ankle, hip, joint), in the joint, joint pain, behind the kneecap | - |
 *
 * Warmth maps to `bruising`: the facts list "swelling, bruising or warmth" as one group and the
 * contract has no separate code; like bruising it is a sign to look at, not a kind of pain.
 */
import type { AreaMention } from "./areas.js";
import { aboutSomeoneElse, answeredNo, cueMet, hypothetical, resolved, sentenceCues } from "./red-flag-checks.js";
import { RULES } from "./red-flag-rules.js";
import { matchPhrases, phraseRegex } from "./phrases.js";
import type { Sentence } from "./tokens.js";
import { RED_FLAGS } from "./types.js";
import type { RedFlag } from "./types.js";

const COMPILED = RULES.map((rule) => ({ ...rule, regex: phraseRegex(rule.phrases) }));
const SHORT_SENTENCE = 5;

/**
 * Red flags the text raises, in `RED_FLAGS` order, and the flags whose words appear without the cue their
 * rule needs ("7 and sharp", "sharp today"): unclear, worth a yes/no question. See the table at the top.
 */
export const readFlagWords = (
  sentences: readonly Sentence[],
  mentions: readonly AreaMention[][],
): { flags: RedFlag[]; unclear: RedFlag[] } => {
  const found = new Set<RedFlag>();
  const unclear = new Set<RedFlag>();
  sentences.forEach((s, index) => {
    const words = s.tokens.filter((t) => t.kind === "word").length;
    // Every phrase has a word in it: a sentence of numbers and marks ("6", "3/10") raises nothing.
    if (words === 0) return;
    const areaTokens = new Set<number>();
    for (const m of mentions[index] ?? []) for (let i = m.first; i < m.end; i++) areaTokens.add(i);
    const cues = sentenceCues(s, areaTokens);
    for (const rule of COMPILED) {
      if (found.has(rule.flag)) continue;
      for (const m of matchPhrases(s, rule.regex)) {
        if (s.negated[m.first] || answeredNo(s, m.end) || hypothetical(s, m.first) || aboutSomeoneElse(s, m.first)) continue;
        if (rule.flag !== "persistent" && rule.flag !== "worsening" && resolved(s, m.end)) continue;
        if (rule.veto?.(s, m)) continue;
        const short = rule.shortOk === true && words <= SHORT_SENTENCE;
        if (!short && !cueMet(rule.cue, cues, m)) {
          unclear.add(rule.flag);
          continue;
        }
        found.add(rule.flag);
        break;
      }
    }
  });
  return { flags: RED_FLAGS.filter((f) => found.has(f)), unclear: RED_FLAGS.filter((f) => unclear.has(f) && !found.has(f)) };
};

/** Red flags the text raises, in `RED_FLAGS` order. See the table at the top of this file. */
export const readRedFlags = (sentences: readonly Sentence[], mentions: readonly AreaMention[][]): RedFlag[] =>
  readFlagWords(sentences, mentions).flags;
