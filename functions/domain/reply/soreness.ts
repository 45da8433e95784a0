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
import { CLAUSE_BREAKS, matchPhrases, ownEntry, phraseRegex } from "./text.js";
import type { Sentence, Token } from "./text.js";

type Tier = 1 | 2 | 3 | 4;

interface Candidate {
  value: number;
  tier: Tier;
  past: boolean;
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  nil: 0,
  nought: 0,
  naught: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const UNITS = new Set([
  "k",
  "ks",
  "k's",
  "km",
  "kms",
  "kilometre",
  "kilometres",
  "kilometer",
  "kilometers",
  "klicks",
  "mi",
  "mile",
  "miles",
  "miler",
  "milers",
  "m",
  "metre",
  "metres",
  "meter",
  "meters",
  "yd",
  "yds",
  "yard",
  "yards",
  "min",
  "mins",
  "minute",
  "minutes",
  "hr",
  "hrs",
  "hour",
  "hours",
  "h",
  "sec",
  "secs",
  "second",
  "seconds",
  "s",
  "day",
  "days",
  "week",
  "weeks",
  "wk",
  "wks",
  "month",
  "months",
  "year",
  "years",
  "yr",
  "yrs",
  "am",
  "pm",
  "x",
  "times",
  "time",
  "set",
  "sets",
  "rep",
  "reps",
  "run",
  "runs",
  "lap",
  "laps",
  "session",
  "sessions",
  "kg",
  "kgs",
  "lb",
  "lbs",
  "pound",
  "pounds",
  "st",
  "nd",
  "rd",
  "th",
  "stone",
  "%",
  "percent",
  "pct",
  "per",
  "o'clock",
  "oclock",
  "degrees",
  "deg",
  "°",
  "kcal",
  "cal",
  "cals",
  "calories",
  "bpm",
  "mph",
  "kph",
  "steps",
  "step",
  "people",
  "kids",
  "children",
  "hills",
  "hill",
  "intervals",
  "interval",
  "strides",
  "sprints",
  "rounds",
  "round",
  "goes",
  "nights",
  "night",
  "mornings",
  "beers",
  "beer",
  "glasses",
  "cups",
  "litres",
  "liters",
  "litre",
  "liter",
  "l",
  "ml",
  "oz",
  "ounces",
  "marathons",
  "marathon",
  "halves",
  "half",
  "races",
  "race",
  "parkruns",
  "parkrun",
  "more",
  "floors",
  "flights",
  "stairs",
  "squats",
  "lunges",
  "each",
  "side",
  "sides",
  "of",
  "hundred",
  "thousand",
  "weeks'",
  "euros",
  "dollars",
  "quid",
  "pence",
  "pounds",
  "bucks",
  // Things counted, not scored: "a 3 or 4 course dinner", "2 kids", "3 coffees".
  "course",
  "courses",
  "dogs",
  "cats",
  "guests",
  "friends",
  "coffees",
  "coffee",
  "tests",
  "items",
  "things",
  "points",
  "goals",
  "games",
  "pieces",
  "slices",
  "eggs",
  "gels",
  "bottles",
  "pints",
  "drinks",
  "episodes",
  "books",
  "pages",
  "questions",
  "options",
  "ways",
  "pairs",
  "shoes",
  "kid",
  "child",
  "sons",
  "daughters",
  "boys",
  "girls",
  "dinners",
]);

const MONTHS_AND_DAYS = new Set([
  "jan",
  "january",
  "feb",
  "february",
  "mar",
  "march",
  "apr",
  "april",
  "jun",
  "june",
  "jul",
  "july",
  "aug",
  "august",
  "sep",
  "sept",
  "september",
  "oct",
  "october",
  "nov",
  "november",
  "dec",
  "december",
  "mon",
  "monday",
  "tue",
  "tues",
  "tuesday",
  "wed",
  "wednesday",
  "thu",
  "thur",
  "thurs",
  "thursday",
  "fri",
  "friday",
  "sat",
  "saturday",
  "sun",
  "sunday",
]);

const PREV_BLOCK = new Set([
  "week",
  "weeks",
  "wk",
  "day",
  "days",
  "run",
  "runs",
  "ran",
  "running",
  "jog",
  "jogged",
  "jogging",
  "walk",
  "walked",
  "walking",
  "cycled",
  "cycling",
  "swam",
  "rode",
  "raced",
  "race",
  "did",
  "done",
  "do",
  "does",
  "doing",
  "completed",
  "complete",
  "covered",
  "managed",
  "logged",
  "lap",
  "laps",
  "mile",
  "miles",
  "km",
  "k",
  "rep",
  "reps",
  "set",
  "sets",
  "session",
  "sessions",
  "stage",
  "page",
  "number",
  "no",
  "for",
  "last",
  "next",
  "first",
  "top",
  "every",
  "over",
  "under",
  "in",
  "by",
  "until",
  "till",
  "before",
  "after",
  "since",
  "past",
  "from",
  "the",
  "those",
  "these",
  "my",
  "our",
  "his",
  "her",
  "their",
  "room",
  "route",
  "bus",
  "platform",
  "version",
  "v",
  "ver",
  "grade",
  "year",
  "years",
  "class",
  "chapter",
  "step",
  "steps",
  "tier",
  "zone",
  "z",
  "gear",
  "aged",
  "age",
  "size",
  "shoe",
  "shoes",
  "uk",
  "us",
  "eu",
  "pair",
  "pairs",
  "hour",
  "hours",
  "minute",
  "minutes",
  "min",
  "mins",
  "of",
  "out",
  "rpe",
  "effort",
  "hr",
  "heart",
  "bpm",
  "pace",
  "plan",
  "program",
  "programme",
  "email",
  "emails",
  "lesson",
  "part",
  "phase",
  "block",
  "month",
  "months",
  "hills",
  "strides",
  "sprints",
  "intervals",
  "than",
  "least",
  "with",
  "another",
  "extra",
  "x",
  "#",
  "£",
  "$",
  "€",
  "+",
  "/",
  ".",
  "*",
  "within",
  "nearly",
  "code",
  "flat",
  "apt",
  "unit",
  "floor",
  "team",
  "group",
  "vs",
  // Labels and list items: "test 2", "item 3", "question 4", "option 2".
  "test",
  "tests",
  "testing",
  "item",
  "items",
  "option",
  "question",
  "list",
  "line",
  "point",
  "issue",
  "ticket",
  "episode",
  "season",
  "series",
  "round",
  "photo",
  "picture",
  "attempt",
  "try",
  "number",
]);

/** Words that let "at" introduce a score ("soreness at 6") rather than a clock time ("ran at 6"). */
const AT_OK = new Set([
  "sore",
  "soreness",
  "pain",
  "legs",
  "is",
  "are",
  "am",
  "'s",
  "'m",
  "i'm",
  "sitting",
  "stays",
  "staying",
  "still",
  "now",
  "currently",
  "level",
  "holding",
  "hovering",
  "it's",
  "its",
  "them",
  "they're",
]);

const SCORE_WORDS = new Set(["soreness", "score", "rating", "doms", "rate", "rated", "scale"]);
const PREFIX_SKIP = new Set([
  ":",
  "-",
  "=",
  "is",
  "at",
  "of",
  "about",
  "around",
  "a",
  "an",
  "maybe",
  "level",
  "~",
  "probably",
  "like",
  "it",
  "i'd",
  "id",
  "say",
  "roughly",
  "today",
  "now",
  "was",
  "would",
  "be",
  "i",
  "it's",
  "its",
  "currently",
  "approx",
  "approximately",
  "solid",
  "them",
  "today's",
  "this",
  "week",
  "morning",
  "'s",
]);

/** Soreness words: a number near one is a score ("calves sore, 6"). */
const SORENESS_WORDS = new Set([
  "sore",
  "sorer",
  "soreness",
  "pain",
  "painful",
  "pains",
  "hurt",
  "hurts",
  "hurting",
  "ache",
  "aches",
  "achy",
  "aching",
  "stiff",
  "stiffness",
  "tight",
  "tightness",
  "tender",
  "niggle",
  "niggly",
  "niggles",
  "discomfort",
  "legs",
  "leg",
  "muscles",
  "muscle",
  "feeling",
  "feel",
  "feels",
  "felt",
  "overall",
  "body",
  "doms",
  "throbbing",
  "score",
  "rating",
  "soreness",
  "level",
]);

const CUE_BEFORE = new Set([
  "a",
  "about",
  "around",
  "maybe",
  "roughly",
  "approx",
  "approximately",
  "like",
  "say",
  "probably",
  "prob",
  "prolly",
  "~",
  "solid",
  "only",
  "just",
  "now",
  "today",
  "currently",
  "still",
  "is",
  "it's",
  "its",
  "i'd",
  "guess",
  "reckon",
  "think",
  "perhaps",
  "possibly",
  "nearly",
  "almost",
  "barely",
  "definitely",
  "honestly",
  "are",
  "'s",
  ":",
  "=",
  "-",
  "at",
  "hi",
  "hello",
  "hey",
  "coach",
  "morning",
  "thanks",
  "yes",
  "yeah",
  "ok",
  "okay",
  "sitting",
  "probs",
  "strong",
]);
const CUE_AFTER = new Set([
  "ish",
  "today",
  "now",
  "maybe",
  "probably",
  "currently",
  "tops",
  "max",
  "or",
  "at",
  "this",
  "i",
  "i'd",
  "id",
  "overall",
  "really",
  "honestly",
  "thanks",
  "thank",
  "cheers",
  "right",
  "still",
  "again",
  "all",
]);

/** "one" is a pronoun far more often than a score: it needs a cue on both sides. */
const ONE_AFTER_OK = new Set(["today", "now", "ish", "maybe", "or", "to", "at", "i", "tops", "max", "overall", "really"]);

/** Words that start a new clause for the past-tense check. */
const PAST_CLAUSE_STARTS = new Set(["now", "today", "currently", "but", "and", "then"]);
const PAST_WORDS = new Set(["yesterday", "was", "were", "earlier", "previously", "initially", "had", "used"]);
const LAST_PERIOD = new Set([
  "week",
  "night",
  "time",
  "run",
  "weekend",
  "few",
  "session",
  "race",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
]);

const ADJACENT_BREAKS = new Set([";", "?", "but", "though", "although", "however", "whereas"]);

// --- Intensity phrases ------------------------------------------------------------------------

const DEGREES: ReadonlyArray<readonly [string, number]> = [
  ["barely", 1],
  ["hardly", 1],
  ["very slightly", 1],
  ["a tiny bit", 1],
  ["tiny bit", 1],
  ["slightly", 2],
  ["a little", 2],
  ["a little bit", 2],
  ["little bit", 2],
  ["a touch", 2],
  ["a tad", 2],
  ["a wee bit", 2],
  ["not very", 2],
  ["not too", 2],
  ["not that", 2],
  ["not so", 2],
  ["not really", 2],
  ["not overly", 2],
  ["not hugely", 2],
  ["a bit", 3],
  ["bit", 3],
  ["mildly", 3],
  ["somewhat", 3],
  ["kind of", 3],
  ["kinda", 3],
  ["sort of", 3],
  ["fairly", 5],
  ["quite", 5],
  ["pretty", 5],
  ["moderately", 5],
  ["rather", 5],
  ["reasonably", 5],
  ["very", 7],
  ["really", 7],
  ["so", 7],
  ["super", 7],
  ["properly", 7],
  ["seriously", 7],
  ["proper", 7],
  ["well", 7],
  ["really really", 8],
  ["very very", 8],
  ["extremely", 8],
  ["incredibly", 8],
  ["insanely", 8],
  ["massively", 8],
  ["ridiculously", 8],
  ["unbelievably", 8],
  ["horribly", 8],
  ["terribly", 8],
  ["awfully", 8],
  ["brutally", 8],
  ["crazy", 8],
  ["stupidly", 8],
  ["painfully", 8],
];
const SORE_ADJECTIVES = ["sore", "achy", "stiff", "tight", "tender", "painful", "aching", "bad"];

/**
 * Intensity word table. `context: true` entries count only next to a soreness or area word, or
 * as a whole sentence ("Mild."), so "a moderate pace" is not a score. Entries that do not start
 * with a negation are ignored when negated ("no severe pain").
 */
const STANDALONE: ReadonlyArray<readonly [string, number]> = [
  ["mild", 3],
  ["slight", 2],
  ["moderate", 5],
  ["medium", 5],
  ["severe", 8],
  ["agony", 9],
  ["in agony", 9],
  ["agonising", 9],
  ["agonizing", 9],
  ["excruciating", 9],
  ["unbearable", 10],
  ["worst ever", 10],
  ["worst pain ever", 10],
  ["killing me", 8],
  ["wrecked", 8],
  ["destroyed", 8],
  ["trashed", 7],
  ["battered", 7],
  ["bit of soreness", 3],
  ["a bit of soreness", 3],
  ["a little soreness", 2],
  ["some soreness", 3],
  ["lots of soreness", 7],
  ["not bad", 2],
];
const ZERO: readonly string[] = [
  "not sore",
  "not sore at all",
  "not at all sore",
  "not even sore",
  "no soreness",
  "zero soreness",
  "no soreness at all",
  "no pain",
  "no pain at all",
  "pain free",
  "no doms",
  "no aches",
  "not achy",
  "not stiff",
  "not sore anymore",
  "no longer sore",
  "not one bit sore",
  "nothing sore",
];
/** Words that are a score only as a whole sentence ("None.", "Nothing!"). */
const SENTENCE_ONLY: Readonly<Record<string, number>> = { none: 0, nothing: 0, nil: 0, "none at all": 0, "nothing at all": 0 };

const PHRASE_VALUE = new Map<string, { value: number; context: boolean }>();
for (const [degree, value] of DEGREES) {
  for (const adjective of SORE_ADJECTIVES) PHRASE_VALUE.set(`${degree} ${adjective}`, { value, context: false });
}
for (const [phrase, value] of STANDALONE) PHRASE_VALUE.set(phrase, { value, context: true });
for (const phrase of ZERO) PHRASE_VALUE.set(phrase, { value: 0, context: false });
const PHRASE_REGEX = phraseRegex([...PHRASE_VALUE.keys()]);

// --- Reading ----------------------------------------------------------------------------------

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

const nearWord = (tokens: Token[], first: number, end: number, reach: number, test: (i: number) => boolean): boolean => {
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

/** Words that may stand beside a lone number in its sentence: "6 today", "Hi, 6 thanks", "about 6 I think". */
const ALONE_OK = new Set([
  "today",
  "now",
  "thanks",
  "thank",
  "you",
  "cheers",
  "maybe",
  "probably",
  "about",
  "around",
  "ish",
  "or",
  "so",
  "i",
  "i'd",
  "id",
  "think",
  "guess",
  "reckon",
  "say",
  "would",
  "overall",
  "really",
  "honestly",
  "hi",
  "hey",
  "hello",
  "coach",
  "morning",
  "evening",
  "ok",
  "okay",
  "yes",
  "yeah",
  "a",
  "an",
  "roughly",
  "approx",
  "approximately",
  "just",
  "only",
  "still",
  "currently",
  "at",
  "the",
  "moment",
  "tops",
  "max",
  "solid",
  "strong",
  "legwork",
  "ta",
  "x",
  "xx",
  "to",
  "hmm",
  "um",
  "erm",
  "uh",
  "well",
]);
const onlyFillers = (tokens: Token[]): boolean =>
  tokens.every((t) => t.kind !== "word" || ALONE_OK.has(t.text) || ownEntry(NUMBER_WORDS, t.text) !== undefined);

const numberCandidates = (sentence: Sentence, areaTokens: ReadonlySet<number>, past: boolean[]): Candidate[] => {
  const { tokens } = sentence;
  const out: Candidate[] = [];
  const used = new Set<number>();
  const isContext = (i: number): boolean => SORENESS_WORDS.has(tokens[i]!.text) || areaTokens.has(i);
  const numberTokens = tokens.filter((t) => readNumber(t) !== null).length;

  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const read = readNumber(tokens[i]);
    if (!read) continue;
    const isWord = tokens[i]!.kind === "word";
    let first = i;
    let last = i;
    let { value, explicit } = read;
    let cued = false;

    // Ranges and changes: "3-4", "3 to 4", "3 or 4", "between 3 and 4", "from 6 to 4".
    const joiner = tokens[i + 1]?.text;
    const second = readNumber(tokens[i + 2]);
    const between = tokens[i - 1]?.text === "between" && joiner === "and";
    if (!explicit && second && (joiner === "-" || joiner === "to" || joiner === "or" || between)) {
      used.add(i + 2);
      last = i + 2;
      if (read.value <= 1 && second.value === 10 && !second.explicit) continue; // the scale itself
      if (read.value > 10 || second.value > 10) continue;
      const change = tokens[i - 1]?.text === "from";
      value = change ? second.value : Math.max(read.value, second.value);
      explicit = second.explicit;
      if (between || change) {
        first = i - 1;
        cued = true;
      }
    }
    if (value > 10) continue;

    const denominator = explicit ? 0 : denominatorLength(tokens, last + 1);
    if (denominator > 0) {
      explicit = true;
      for (let k = 1; k <= denominator; k++) used.add(last + k);
    }
    if (blockedBefore(sentence, first, areaTokens)) continue;
    if (!explicit && blockedAfter(tokens, last + 1, value)) continue;

    const prev = tokens[first - 1];
    const next = tokens[last + 1 + denominator];
    if (tokens[i]!.text === "one" && !explicit) {
      const afterOk = next === undefined || next.kind === "punct" || ONE_AFTER_OK.has(next.text);
      if (!afterOk || !prev || !(CUE_BEFORE.has(prev.text) || SCORE_WORDS.has(prev.text))) continue;
    }

    let tier: Tier | null = null;
    if (explicit || hasScorePrefix(tokens, first)) tier = 1;
    else if (isWord ? prev !== undefined && isContext(first - 1) : nearWord(tokens, first, last + 1, 4, isContext)) tier = 2;
    else if (
      cued ||
      (prev && CUE_BEFORE.has(prev.text)) ||
      (next && CUE_AFTER.has(next.text)) ||
      (numberTokens === 1 + (last - i > 0 ? 1 : 0) && onlyFillers(tokens))
    ) {
      tier = 3;
    }
    if (tier !== null) out.push({ value, tier, past: past[i] === true });
  }
  return out;
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
