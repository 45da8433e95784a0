import { SORE_AREAS } from "../profile.js";
import type { SoreArea } from "../profile.js";
import { matchPhrases, phraseRegex } from "./text.js";
import type { PhraseMatch, Sentence } from "./text.js";

/**
 * Area synonyms (whole words, after lower-casing; hyphens read as spaces).
 *
 * | area        | words                                                                          |
 * |-------------|--------------------------------------------------------------------------------|
 * | calves      | calf, calves, achilles, soleus, gastrocs                                       |
 * | shins       | shin, shins, shin splints, shinbone, tibia                                     |
 * | quads       | quad(s), quadricep(s), thigh(s), front of the thigh                            |
 * | hamstrings  | hamstring(s), hammy, hammies, back of the thigh/leg                            |
 * | glutes      | glute(s), bum, butt, buttock(s), backside, arse, piriformis                    |
 * | hips        | hip(s), hip flexor(s), IT band, ITB, iliotibial, groin, adductor(s), inner/outer thigh |
 * | knees       | knee(s), kneecap(s), patella(r), runner's knee, back of the knee               |
 * | ankles      | ankle(s)                                                                        |
 * | feet        | foot, feet, heel(s), arch(es), plantar, toe(s), instep, metatarsal(s), sole(s) |
 * | lower-back  | lower/low back, lumbar, and "back" when it is a body part (see `isBodyBack`)   |
 *
 * IT band maps to hips (where it starts and where runners foam-roll it), although ITB pain is
 * often felt at the outside of the knee.
 */
const AREA_WORDS: Record<SoreArea, readonly string[]> = {
  calves: ["calf", "calfs", "calves", "achilles", "achillies", "achilles tendon", "soleus", "gastrocs?", "calf muscles?"],
  shins: ["shin", "shins", "shin splints?", "shinbone", "shin bone", "tibia"],
  quads: ["quad", "quads", "quadriceps?", "thigh", "thighs", "front of (?:my |the |both )?thighs?"],
  hamstrings: ["hamstring", "hamstrings", "hammy", "hammies", "hamies", "back of (?:my |the |both |each )?(?:thighs?|legs?|upper legs?)"],
  glutes: ["glute", "glutes", "gluteus", "bum", "butt", "buttocks?", "backside", "arse", "piriformis"],
  hips: [
    "hip",
    "hips",
    "hip flexors?",
    "it band",
    "itb",
    "i t band",
    "iliotibial(?: band)?",
    "groin",
    "adductors?",
    "inner thighs?",
    "outer thighs?",
  ],
  knees: ["knee", "knees", "kneecaps?", "knee caps?", "patella", "patellar", "runner's knee", "back of (?:my |the )?knees?"],
  ankles: ["ankle", "ankles"],
  feet: [
    "foot",
    "feet",
    "heel",
    "heels",
    "arch",
    "arches",
    "plantar(?: fascia| fasciitis)?",
    "toe",
    "toes",
    "big toe",
    "instep",
    "metatarsals?",
    "soles?",
    "ball of (?:my |the )?foot",
  ],
  "lower-back": ["lower back", "low back", "lower backs", "lumbar", "back"],
};

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

/** Exercise and kit names that contain an area word but say nothing about soreness. */
const EXERCISE_NEXT = new Set([
  "raise",
  "raises",
  "raising",
  "bridge",
  "bridges",
  "circle",
  "circles",
  "curl",
  "curls",
  "stretch",
  "stretches",
  "drive",
  "drives",
  "walk",
  "walks",
  "kick",
  "kicks",
  "lift",
  "lifts",
  "press",
  "presses",
  "swing",
  "swings",
  "extension",
  "extensions",
  "sleeve",
  "sleeves",
  "guard",
  "guards",
  "strike",
  "striking",
  "striker",
  "drop",
  "drops",
  "tap",
  "taps",
  "opener",
  "openers",
  "hinge",
  "hinges",
  "dips",
  "thrust",
  "thrusts",
  "bag",
]);
const EXERCISE_PREV = new Set(["high"]);

const BACK_AFTER_BODY = new Set([
  "pain",
  "ache",
  "aches",
  "aching",
  "is",
  "was",
  "feels",
  "felt",
  "hurts",
  "hurt",
  "hurting",
  "sore",
  "stiff",
  "tight",
  "spasm",
  "spasms",
  "muscles",
  "muscle",
  "problem",
  "problems",
  "issue",
  "issues",
  "niggle",
  "twinge",
  "'s",
]);
const BACK_BEFORE_BODY = new Set(["my", "sore", "stiff", "tight", "bad", "achy", "aching", "painful", "the", "your", "her", "his"]);
const BACK_ADVERB_NEXT = new Set([
  "to",
  "into",
  "home",
  "on",
  "in",
  "from",
  "up",
  "out",
  "off",
  "again",
  "then",
  "at",
  "for",
  "of",
  "with",
  "down",
]);
const BACK_ADVERB_PREV = new Set([
  "came",
  "come",
  "comes",
  "coming",
  "get",
  "got",
  "getting",
  "go",
  "going",
  "went",
  "gone",
  "be",
  "been",
  "being",
  "bounce",
  "bounced",
  "bouncing",
  "feel",
  "feeling",
  "felt",
  "run",
  "ran",
  "running",
  "way",
  "head",
  "heading",
  "straight",
  "step",
  "stepped",
  "bring",
  "brought",
  "bringing",
  "welcome",
  "looking",
  "look",
  "looked",
  "hold",
  "held",
  "cut",
  "cutting",
  "pull",
  "pulled",
  "push",
  "pushed",
  "set",
  "fall",
  "fell",
  "drop",
  "dropped",
  "turn",
  "turned",
  "start",
  "started",
  "hit",
  "fight",
  "fighting",
  "i'm",
  "im",
  "we're",
  "it's",
  "is",
  "are",
  "was",
  "legs",
  "leg",
  "right",
  "write",
  "wrote",
  "reply",
  "replying",
  "text",
  "call",
  "email",
  "answer",
  "pay",
  "paid",
  "give",
  "gave",
]);

/** "back" names the lower back only when it reads as a body part: "my back", "back pain", "sore back". */
const isBodyBack = (sentence: Sentence, i: number): boolean => {
  const prev = sentence.tokens[i - 1]?.text;
  const next = sentence.tokens[i + 1]?.text;
  if (next !== undefined && BACK_ADVERB_NEXT.has(next)) return false;
  if (prev !== undefined && BACK_ADVERB_PREV.has(prev)) return false;
  return (prev !== undefined && BACK_BEFORE_BODY.has(prev)) || (next !== undefined && BACK_AFTER_BODY.has(next));
};

// --- Negation after the mention ---------------------------------------------------------------

/** Words passed over between an area and what is said about it: "calves and quads are all fine". */
const POST_SKIP = new Set([
  "is",
  "are",
  "was",
  "were",
  "'s",
  "'re",
  "feel",
  "feels",
  "felt",
  "feeling",
  "seem",
  "seems",
  "seemed",
  "look",
  "looks",
  "all",
  "totally",
  "completely",
  "absolutely",
  "pretty",
  "actually",
  "now",
  "today",
  "still",
  "both",
  "also",
  "too",
  "fully",
  "and",
  "or",
  "&",
  ":",
  "-",
  "?",
  "=",
  "my",
  "the",
  "left",
  "right",
  "am",
  "nice",
  "perfectly",
]);
const POST_OK = new Set([
  "fine",
  "ok",
  "okay",
  "good",
  "great",
  "perfect",
  "grand",
  "normal",
  "fresh",
  "recovered",
  "sorted",
  "healthy",
  "none",
  "nothing",
  "zero",
  "0",
  "100",
  "painless",
  "happy",
  "alright",
  "unaffected",
]);
const POST_NEGATORS = new Set([
  "no",
  "not",
  "aren't",
  "isn't",
  "don't",
  "doesn't",
  "didn't",
  "never",
  "haven't",
  "hasn't",
  "arent",
  "isnt",
  "dont",
  "doesnt",
  "didnt",
  "havent",
  "hasnt",
  "weren't",
  "wasn't",
]);
const POST_NEGATED_WHAT = new Set([
  "pain",
  "sore",
  "soreness",
  "problem",
  "problems",
  "issue",
  "issues",
  "hurt",
  "hurting",
  "ache",
  "aching",
  "achy",
  "an",
  "a",
  "bothering",
  "bothered",
  "troubling",
  "affected",
  "stiff",
  "tight",
  "any",
  "at",
  "painful",
  "too",
  "even",
]);

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
