import type { SoreArea } from "../profile.js";

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
export const AREA_WORDS: Record<SoreArea, readonly string[]> = {
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

/** Exercise and kit names that contain an area word but say nothing about soreness. */
export const EXERCISE_NEXT = new Set([
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
export const EXERCISE_PREV = new Set(["high"]);

// "back" as a body part or an adverb, and negation after a mention: in their own files, one path here.
export { BACK_ADVERB_NEXT, BACK_ADVERB_PREV, BACK_AFTER_BODY, BACK_BEFORE_BODY } from "./area-back-words.js";
export { POST_NEGATED_WHAT, POST_NEGATORS, POST_OK, POST_SKIP } from "./area-negation-words.js";
