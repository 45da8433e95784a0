/** Red-flag rules for when and how a pain goes: at rest or at night, for days on end, getting worse. */
import type { Rule } from "./red-flag-rule.js";

const NUM3 =
  "(?:[3-9]|[1-9][0-9]|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|several|a few|few|many|a good few|a number of)";
const FEW =
  "(?:(?:the|a|an|about|around|over|nearly|almost|more than|at least|well over|past|last|whole|entire|full|good|solid|couple of|few|two|2|three|3|several|four|4) )*";

const PAUSE_WORDS = new Set(["pause", "snooze", "holiday", "vacation", "away", "break", "off", "travelling"]);

export const COURSE_RULES: readonly Rule[] = [
  {
    flag: "rest_pain",
    phrases: [
      "at rest",
      "when resting",
      "while resting",
      "whilst resting",
      "when i'm resting",
      "when i am resting",
      "when i rest",
      "even resting",
      "resting pain",
      "at night",
      "during the night",
      "in the night",
      "through the night",
      "night pain",
      "in bed",
      "lying down",
      "lying in bed",
      "sitting still",
      "sitting down",
      "when sitting",
      "while sitting",
      "when i sit",
      "when i'm sitting",
      "doing nothing",
      "(?:even )?when i'm not (?:running|moving|doing anything)",
      "(?:even )?when not (?:running|moving)",
      "all night",
      "all evening",
      "on the (?:sofa|couch|settee)",
      "watching tv",
      "at my desk",
      "sat (?:down|still|on)",
      "sitting (?:at|on|in)",
    ],
    cue: "pain",
  },
  {
    flag: "rest_pain",
    phrases: ["woke (?:up )?(?:at|in|during|with)", "waking (?:up )?(?:at|in|with)", "woken (?:at|in|with)"],
    cue: "pain-or-it-near",
  },
  {
    flag: "rest_pain",
    phrases: [
      "wakes me",
      "woke me",
      "waking me",
      "wake me",
      "woken up by",
      "woken by",
      "keeps me awake",
      "kept me awake",
      "keeping me awake",
      "keeps me up at night",
      "(?:can't|cannot|can not|couldn't|unable to|struggling to|hard to) sleep",
    ],
    cue: "pain-or-it-near",
  },
  {
    flag: "persistent",
    phrases: [
      `(?:for|been|over|lasted|lasting|lasts|almost|nearly|(?:more|longer) than|about|around|since|going on) ${FEW}${NUM3} days`,
      `(?:for|been|over|lasted|lasting|lasts|almost|nearly|(?:more|longer) than|about|around|all|whole|since|going on|the last|the past|this past) ${FEW}(?:week|weeks|fortnight|month|months)`,
      `(?:${NUM3} days|(?:a|one|two|2|three|3|few|couple of|several) weeks?|a fortnight) now`,
      "for (?:days|weeks|ages|a while|a long time|months)",
      "days on end",
      "since last (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|month)",
    ],
    cue: "pain-or-it",
    shortOk: true,
    veto: (s, m) => s.tokens.slice(0, m.first).some((t) => PAUSE_WORDS.has(t.text)),
  },
  {
    flag: "persistent",
    phrases: [
      "(?:won't|will not|doesn't|does not|never) go away",
      "(?:isn't|is not|not) going away",
      "(?:hasn't|has not|not) gone away",
      "never goes away",
      "won't ease",
      "not easing",
      "hasn't eased",
      "isn't easing",
      "won't settle",
      "hasn't settled",
      "not settling",
      "still there after",
      "keeps coming back",
      "hasn't improved",
      "not improving",
      "isn't improving",
      "won't shift",
      "hasn't shifted",
      "hasn't cleared",
      "won't clear",
      "(?:not|isn't|hasn't been) getting better",
      "hasn't got better",
      "hasn't gotten better",
      "(?:not|isn't|is not|hasn't been|aren't) getting any better",
      "(?:has not|hasn't|not) eased",
      "(?:a|one|two|2) weeks? later",
      "(?:still|no) better",
      "still no better",
      `(?:still|sore|hurts|hurting|painful|aching) (?:after|in) ${FEW}${NUM3} days`,
      "every day since",
      "(?:dragged|hung) (?:on|around)",
      "the same for",
      "still (?:sore|hurting|hurts|painful|aching|achy) (?:from|after|since) (?:last|the|my|a)",
    ],
    cue: "pain-or-it",
    shortOk: true,
  },
  {
    flag: "persistent",
    phrases: ["no better after", "still no better", "(?:not|isn't|is not|hasn't been) getting any better"],
    cue: "none",
  },
  {
    flag: "worsening",
    phrases: [
      "worse",
      "worsening",
      "worsened",
      "getting more painful",
      "more painful (?:every|each) day",
      "getting sorer",
      "sorer (?:every|each) day",
      "(?:hurts|hurting) more (?:every|each) day",
      "more sore (?:every|each) day",
      "getting more (?:sore|swollen)",
      "increasing pain",
      "pain is increasing",
      "pain increasing",
      "more and more",
      "progressively (?:more|worse)",
    ],
    cue: "pain-or-it",
    shortOk: true,
    veto: (s, m) => {
      if (m.text !== "worse") return false;
      const t = s.tokens;
      const next = t[m.end]?.text ?? "";
      const prev = t[m.first - 1]?.text ?? "";
      const prev2 = t[m.first - 2]?.text ?? "";
      return (
        ["things", "luck", "off"].includes(next) ||
        (next === "for" && t[m.end + 1]?.text === "wear") ||
        prev === "or" ||
        (prev === "the" && prev2 === "none") ||
        (prev === "be" && prev2 === "could") ||
        (prev === "been" && (prev2 === "have" || prev2 === "could've"))
      );
    },
  },
];
