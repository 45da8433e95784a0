/** Red-flag rules for signs of an injury beyond soreness: can't bear weight, numbness, bone and joint pain. */
import type { Rule } from "./red-flag-rule.js";

const CANT =
  "(?:can't|cannot|can not|cant|couldn't|could not|unable to|not able to|struggle to|struggling to|can barely|can hardly|could barely|could hardly|hard to|difficult to|impossible to)";
const JOINT = "(?:knee|knees|ankle|ankles|hip|hips|joint|joints)";

/** Numb hands and fingers in the cold are not a running injury. */
const NOT_LEGS = new Set(["hands", "hand", "fingers", "finger", "nose", "ears", "face", "lips", "cold", "wind", "freezing"]);

export const INJURY_RULES: readonly Rule[] = [
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
