/** The phrase rules of red flags, one or more per code: the table in red-flags.ts, as data. */
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

const NUM3 =
  "(?:[3-9]|[1-9][0-9]|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|several|a few|few|many|a good few|a number of)";
const FEW =
  "(?:(?:the|a|an|about|around|over|nearly|almost|more than|at least|well over|past|last|whole|entire|full|good|solid|couple of|few|two|2|three|3|several|four|4) )*";
const CANT =
  "(?:can't|cannot|can not|cant|couldn't|could not|unable to|not able to|struggle to|struggling to|can barely|can hardly|could barely|could hardly|hard to|difficult to|impossible to)";
const JOINT = "(?:knee|knees|ankle|ankles|hip|hips|joint|joints)";

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
/** Numb hands and fingers in the cold are not a running injury. */
const NOT_LEGS = new Set(["hands", "hand", "fingers", "finger", "nose", "ears", "face", "lips", "cold", "wind", "freezing"]);

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

const PAUSE_WORDS = new Set(["pause", "snooze", "holiday", "vacation", "away", "break", "off", "travelling"]);

export const RULES: readonly Rule[] = [
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
  {
    flag: "cant_bear_weight",
    phrases: [
      "limp",
      "limping",
      "limped",
      "limps",
      "hobble",
      "hobbling",
      "hobbled",
      "hobbles",
      `${CANT}(?: even)? (?:put|bear|take|stand|place)(?: [^ ]+){0,2} weight`,
      `${CANT} (?:even )?(?:walk|stand|weight bear|bear weight|stand on it|put (?:my )?foot down)`,
      "non weight bearing",
      "on crutches",
      "crutches",
      "had to hop",
      "hopped home",
      "hop home",
    ],
    cue: "none",
  },
  {
    flag: "numbness",
    phrases: [
      "numb",
      "numbness",
      "tingling",
      "tingle",
      "tingles",
      "tingly",
      "pins and needles",
      "loss of feeling",
      "lost (?:the )?feeling",
      "no feeling in",
      "(?:can't|cannot|can not) feel my",
      "went dead",
      "gone dead",
      "goes dead",
      "falling asleep",
      "fizzing",
      "fizzy",
      "prickling",
      "prickly",
    ],
    cue: "none",
    veto: (s, m) =>
      s.tokens.some((t) => NOT_LEGS.has(t.text)) ||
      (m.text === "falling asleep" &&
        !s.tokens.some((t) => t.text === "foot" || t.text === "feet" || t.text === "leg" || t.text === "toes")),
  },
  {
    flag: "bone_pain",
    phrases: [
      "(?:one|a|single|specific|particular|certain|small|tiny|exact|same) (?:spot|point|place|area|bit) (?:on|of|in|along) (?:the|my) (?:shin ?bone|bone|bones|tibia|shin|shins|metatarsals?|foot|heel bone)",
      "(?:on|in|along|into) (?:the|my) (?:bone|bones|shin ?bone|tibia)",
      "bone (?:pain|hurts|ache|aches|tenderness|is (?:sore|tender|painful)|feels (?:sore|tender|bruised))",
      "(?:shin ?bone|tibia|metatarsals?) (?:is |are |feels |feel )?(?:really |very |quite |a bit )?(?:tender|sore|painful|hurts|pain)",
      "tender (?:spot|point) (?:on|along) (?:the|my) (?:shin|shins|bone|shin ?bone|tibia|foot|metatarsals?)",
      "pinpoint",
      "point tenderness",
      "stress fractures?",
      "stress reaction",
      "(?:press|pressing|push|pushing|touch|touching|prod|prodding) (?:on )?(?:the|my) (?:bone|shin ?bone|tibia)",
    ],
    cue: "none",
  },
  {
    // "one spot that hurts when I press on it", said about a shin or a foot.
    flag: "bone_pain",
    phrases: ["(?:one|single|specific|particular|tiny|small|exact) (?:spot|point|place)"],
    cue: "bone-site",
  },
  {
    flag: "joint_pain",
    phrases: [
      `(?:inside|within|deep in|deep inside|deep within|in the middle of) (?:of )?(?:the|my) ${JOINT}(?: joints?)?`,
      "in (?:the|my) (?:knee |ankle |hip )?joints?",
      "joint (?:pain|pains|hurts|ache|aches|aching|is (?:sore|painful|tender|swollen))",
      "joints (?:hurt|ache|are (?:sore|painful))",
      "(?:knee|ankle|hip) joints? (?:pain|hurts|aches|is (?:sore|painful|tender)|feels (?:sore|painful))",
      "(?:behind|under|underneath|beneath) (?:the|my) (?:kneecaps?|knee caps?|patella)",
    ],
    cue: "none",
    veto: (s, m) => ["fine", "good", "ok", "okay", "great"].includes(s.tokens[m.first - 1]?.text ?? ""),
  },
  {
    flag: "joint_pain",
    phrases: ["(?:hurts|aches|aching|sore|pain|painful) inside"],
    cue: "pain",
  },
];
