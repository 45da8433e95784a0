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
import { CLAUSE_BREAKS, matchPhrases, phraseRegex } from "./text.js";
import type { PhraseMatch, Sentence } from "./text.js";
import { RED_FLAGS } from "./types.js";
import type { RedFlag } from "./types.js";

type Cue = "none" | "pain" | "pain-or-it" | "pain-near" | "pain-or-it-near" | "area-before" | "bone-site";

interface Rule {
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

const RULES: readonly Rule[] = [
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

const COMPILED = RULES.map((rule) => ({ ...rule, regex: phraseRegex(rule.phrases) }));

const PAIN_CUES = new Set([
  "sore",
  "sorer",
  "soreness",
  "pain",
  "pains",
  "painful",
  "hurt",
  "hurts",
  "hurting",
  "ache",
  "aches",
  "aching",
  "achy",
  "niggle",
  "niggly",
  "tender",
  "stiff",
  "tight",
  "injury",
  "injured",
  "sprain",
  "sprained",
  "strain",
  "strained",
  "swollen",
  "swelling",
  "throb",
  "throbs",
  "throbbing",
  "twinge",
  "twinges",
  "bothering",
  "bothers",
  "agony",
  "doms",
  "niggles",
  "painfully",
]);
const IT = new Set(["it", "it's", "its", "this", "that", "they", "they're"]);
/** Where a stress fracture shows as pain in one spot. */
const BONE_SITES = new Set([
  "shin",
  "shins",
  "shinbone",
  "bone",
  "bones",
  "tibia",
  "fibula",
  "foot",
  "feet",
  "metatarsal",
  "metatarsals",
  "heel",
]);
const SHORT_SENTENCE = 5;

/** Questionnaire answers after a flag word: "Swelling? No", "sharp pain: none". */
const POST_SKIP = new Set([
  "is",
  "are",
  "was",
  "feels",
  "feel",
  "felt",
  "seems",
  "'s",
  "all",
  "totally",
  "completely",
  "now",
  ":",
  "-",
  "?",
  "=",
  "has",
  "have",
  "been",
  "pain",
  "pains",
  "ache",
  "aches",
  "twinge",
  "twinges",
  "any",
]);
const POST_NO = new Set([
  "fine",
  "ok",
  "okay",
  "good",
  "normal",
  "none",
  "no",
  "nope",
  "nil",
  "nah",
  "zero",
  "0",
  "nothing",
  "n/a",
  "negative",
]);

const answeredNo = (s: Sentence, end: number): boolean => {
  for (let j = end; j < s.tokens.length && j < end + 5; j++) {
    const t = s.tokens[j]!.text;
    if (POST_NO.has(t)) return true;
    if (t === "not" && s.tokens[j + 1]?.text === "really") return true;
    if (!POST_SKIP.has(t)) return false;
  }
  return false;
};

const hypothetical = (s: Sentence, first: number): boolean => {
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

/** Someone else's injury, or something read about: "my friend was limping", "an article about stress fractures". */
const OTHERS = new Set([
  "friend",
  "friends",
  "friend's",
  "partner",
  "partner's",
  "wife",
  "husband",
  "son",
  "daughter",
  "mum",
  "dad",
  "mate",
  "mates",
  "someone",
  "somebody",
  "article",
  "video",
  "podcast",
  "read",
  "reading",
  "he",
  "she",
  "he's",
  "she's",
  "dog",
]);
const SELF = new Set(["my", "i", "i'm", "i've", "me", "mine", "and", "but", ","]);

const aboutSomeoneElse = (s: Sentence, first: number): boolean => {
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

const resolved = (s: Sentence, end: number): boolean => {
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

interface SentenceCues {
  sentence: Sentence;
  areaTokens: ReadonlySet<number>;
  /** Computed once per sentence: "is there a pain word anywhere", with and without "it". */
  anyPain: boolean;
  anyPainOrIt: boolean;
  anyBoneSite: boolean;
}

const sentenceCues = (sentence: Sentence, areaTokens: ReadonlySet<number>): SentenceCues => {
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

const cueMet = (cue: Cue, cues: SentenceCues, m: PhraseMatch): boolean => {
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
