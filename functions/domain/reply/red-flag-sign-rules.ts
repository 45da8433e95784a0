/** Red-flag rules for what a pain or the body is like: sharp pain, swelling, bruising and warmth. */
import type { PhraseMatch } from "./phrases.js";
import type { Rule } from "./red-flag-rule.js";
import type { Sentence } from "./tokens.js";

const SHARP_NOT_PAIN = new Set([
  "turn",
  "turns",
  "corner",
  "corners",
  "bend",
  "bends",
  "hill",
  "hills",
  "incline",
  "left",
  "right",
  "drop",
  "rise",
  "increase",
  "decrease",
  "jump",
  "spike",
  "uphill",
  "downhill",
  "climb",
  "descent",
  "change",
  "end",
  "eyed",
  "dressed",
  "edge",
  "edges",
  "gravel",
  "stones",
  "stone",
  "rocks",
  "rock",
  "objects",
  "object",
  "start",
  "contrast",
  "bends",
]);
/** "bruised ego", "warm from the heat pack": not a sign on the body. */
const NOT_BODY_BRUISE = new Set([
  "ego",
  "pride",
  "feelings",
  "confidence",
  "shower",
  "bath",
  "sun",
  "heat",
  "pack",
  "weather",
  "out",
  "outside",
  "day",
]);
/** "meet at 7 sharp", "6.30 sharp": the number before "sharp" is a time, not a score. */
const clockTime = (s: Sentence, m: PhraseMatch): boolean => {
  const num = s.tokens[m.first - 1]!;
  const before = s.tokens[m.first - 2]?.text ?? "";
  const next = s.tokens[m.end]?.text ?? "";
  if (PAIN_WORDS_AFTER.has(next)) return false;
  return (
    /[.:]/.test(num.text) ||
    ["at", "by", "until", "till", "from", "starts", "start", "meet", "leave", "leaving"].includes(before) ||
    ["am", "pm", "on", "tomorrow", "tonight", "start", "today"].includes(next)
  );
};
const PAIN_WORDS_AFTER = new Set(["pain", "pains", "ache", "twinge", "twinges", "stabbing", "shooting", "hurt", "hurts"]);

export const SIGN_RULES: readonly Rule[] = [
  {
    flag: "sharp_pain",
    phrases: [
      "sharp",
      "sharper",
      "stabbing",
      "stab",
      "stabs",
      "shooting",
      "searing",
      "piercing",
      "knife like",
      "like a knife",
      "like knives",
      "electric shocks?",
      "jabbing",
    ],
    cue: "pain",
    veto: (s, m) => {
      const next = s.tokens[m.end]?.text ?? "";
      const prev = s.tokens[m.first - 1];
      return SHARP_NOT_PAIN.has(next) || (prev?.kind === "num" && clockTime(s, m)) || prev?.text === "look" || prev?.text === "looking";
    },
  },
  {
    // Words that only ever describe a pain.
    flag: "sharp_pain",
    phrases: [
      "stabbing",
      "knife like",
      "like a knife",
      "like knives",
      "electric shocks?",
      "sharply",
      "sharpish pain",
      "jabs",
      "jabbing pain",
    ],
    cue: "none",
  },
  {
    flag: "swelling",
    phrases: [
      "swelling",
      "swollen",
      "swells up",
      "swelled",
      "swelled up",
      "swell up",
      "swelling up",
      "puffy",
      "puffiness",
      "puffed up",
      "blown up like",
    ],
    cue: "none",
  },
  {
    flag: "swelling",
    phrases: [
      "(?:a|big|small|hard) (?:lump|bump)",
      "lump",
      "looks (?:fat|fatter|bigger|puffed)",
      "fatter than",
      "twice the size",
      "blown up",
    ],
    cue: "pain",
  },
  {
    flag: "bruising",
    phrases: [
      "bruise",
      "bruises",
      "bruised",
      "bruising",
      "black and blue",
      "discolou?red",
      "discolou?ration",
      "(?:warm|hot) to (?:the )?touch",
      "warmth",
      "red and (?:hot|warm)",
      "(?:hot|warm) and red",
      "inflamed",
    ],
    cue: "none",
    veto: (s) => s.tokens.some((t) => NOT_BODY_BRUISE.has(t.text)),
  },
  {
    flag: "bruising",
    phrases: ["purple", "gone (?:black|blue|purple|yellow|green)", "(?:dark|black|blue) patch"],
    cue: "pain",
  },
  {
    flag: "bruising",
    phrases: [
      "(?:feels|felt|is|was|looks|seems|feeling|gets|got|getting|going) (?:(?:a bit|bit|quite|really|very|slightly|a little|kind of|a touch) )?(?:warm|hot)",
    ],
    cue: "area-before",
  },
];
