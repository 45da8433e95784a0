/**
 * Shared reading machinery: normalisation, sentences, tokens and negation scope.
 * Everything here is linear in the input; the phrase regexes built with `phraseRegex`
 * run on `canon`, where tokens are separated by exactly one space.
 */

/** Only this much new text is read for meaning: a check-in never needs more, and it bounds regex work. */
export const MAX_READ_CHARS = 10_000;

/**
 * A word table's own entry, never one inherited from Object.prototype: a reply saying "constructor"
 * or "toString" must read as a word, not as a function (which would become NaN as a number).
 */
export const ownEntry = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

export interface Token {
  /** Lower-cased text. A number keeps its separators ("6/10", "5:30", "6.5"). */
  text: string;
  kind: "word" | "num" | "punct";
  /** False when the token is glued to the one before it ("10k", "x3", "3rd"). */
  spaced: boolean;
}

export interface Sentence {
  tokens: Token[];
  /** Token texts joined by single spaces: what phrase regexes run on. */
  canon: string;
  /** Offset in `canon` where each token starts. */
  starts: number[];
  /** `negated[i]`: token i lies in the scope of a negation ("no", "not", "without"...). */
  negated: boolean[];
}

// Phone numbers, dates written with separators and other long digit runs: never a score.
const DIGIT_RUN = /[+(]?\d[\d ()./-]*/g;
const MIN_CONTACT_DIGITS = 7;
const CONTACT_LABEL = /^(?:tel|tele|telephone|phone|ph|mob|mobile|cell|fax|m|t|p|w|work|home|whatsapp|call|text)\b\.?\s*:?\s*/;
const LIST_MARKER = /^\s*(?:\d{1,2}|[a-z])[.)]\s+(?=\S)/;

const countDigits = (s: string): number => {
  let n = 0;
  for (const ch of s) if (ch >= "0" && ch <= "9") n++;
  return n;
};

/** Lower-cases and folds look-alike characters so one set of rules covers every client. */
export const normalise = (text: string): string =>
  text
    .slice(0, MAX_READ_CHARS)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\r\n?/g, "\n")
    // "pain-free", "shin-splints", "non-stop": one rule set for hyphenated and spaced forms.
    .replace(/(?<=\p{L})-(?=\p{L})/gu, " ");

/**
 * A line that is only contact details (a phone number, possibly labelled, an address or a URL)
 * is never read: signatures must not become scores.
 */
const isContactLine = (line: string): boolean => {
  const trimmed = line.trim();
  if (trimmed === "") return false;
  const words = trimmed.split(/\s+/);
  if (words.every((w) => w.includes("@") || /^(?:https?:|www\.)/.test(w) || /^[|•·,;]$/.test(w))) return true;
  const rest = trimmed.replace(CONTACT_LABEL, "");
  return /^[+()\d\s./-]+$/.test(rest) && countDigits(rest) >= 6;
};

/** Blanks e-mail addresses, URLs and long digit runs (phone numbers, dates) inside a line. */
const maskContacts = (line: string): string =>
  line
    .split(/(\s+)/)
    .map((w) => (w.includes("@") || /^(?:https?:|www\.)/.test(w) ? " " : w))
    .join("")
    .replace(DIGIT_RUN, (run) => (countDigits(run) >= MIN_CONTACT_DIGITS ? " " : run));

/** Splits a line at . ! ; (a "." only when a space or the end follows, so "6.5" stays whole). */
const splitSentences = (line: string): string[] => {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    const next = line[i + 1];
    const ends = ch === "!" || ch === ";" || ch === "\u2026" || (ch === "." && (next === undefined || /\s/.test(next)));
    if (ends) {
      out.push(line.slice(from, i + 1));
      from = i + 1;
    }
  }
  out.push(line.slice(from));
  return out.filter((s) => s.trim() !== "");
};

const TOKEN = /(\d+(?:[.,:/]\d+)*)|(\p{L}+(?:'\p{L}+)*)|(\S)/gu;

const tokenise = (text: string): Token[] => {
  const tokens: Token[] = [];
  // exec on the shared regex, not matchAll (which clones it on every call; see matchPhrases).
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const index = m.index;
    const spaced = index === 0 || /\s/.test(text[index - 1] ?? " ");
    const kind = m[1] !== undefined ? "num" : m[2] !== undefined ? "word" : "punct";
    tokens.push({ text: m[0], kind, spaced });
  }
  return tokens;
};

// --- Negation ---------------------------------------------------------------------------------

const NEGATORS = new Set([
  "no",
  "not",
  "without",
  "never",
  "nothing",
  "none",
  "neither",
  "nor",
  "zero",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "haven't",
  "hasn't",
  "hadn't",
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "arent",
  "wasnt",
  "havent",
  "hasnt",
]);

/** Words that end a negation's scope: "no idea why my knee hurts" says nothing about the knee. */
const SCOPE_BREAKERS = new Set([
  "but",
  "though",
  "although",
  "however",
  "yet",
  "except",
  "apart",
  "besides",
  "whereas",
  "while",
  "and",
  "sure",
  "idea",
  "clue",
  "only",
  "just",
  "matter",
  "until",
  "till",
  "because",
  "cos",
  "then",
]);

const HARD_BOUNDARIES = new Set([",", ";", "(", ")", "?", "!", ".", '"', "\u2026"]);

/** Words a negation passes over without using up its reach. */
const FILLERS = new Set([
  "my",
  "the",
  "a",
  "an",
  "any",
  "in",
  "on",
  "of",
  "at",
  "to",
  "for",
  "from",
  "both",
  "either",
  "left",
  "right",
  "real",
  "really",
  "much",
  "more",
  "longer",
  "obvious",
  "noticeable",
  "sign",
  "signs",
  "other",
  "problems",
  "problem",
  "issues",
  "issue",
  "it",
  "its",
  "it's",
  "is",
  "are",
  "was",
  "been",
  "being",
  "be",
  "i",
  "i've",
  "ive",
  "have",
  "has",
  "had",
  "noticed",
  "notice",
  "seen",
  "see",
  "there",
  "there's",
  "me",
  "getting",
  "got",
  "get",
  "feel",
  "feels",
  "felt",
  "or",
  "nor",
  "all",
  "whatsoever",
  "anymore",
  "that",
]);

/** Nouns that can form a list after one negation: "no swelling, bruising or numbness". */
const LIST_WORDS = new Set([
  "pain",
  "pains",
  "soreness",
  "swelling",
  "bruising",
  "bruise",
  "bruises",
  "numbness",
  "tingling",
  "ache",
  "aches",
  "twinge",
  "twinges",
  "limp",
  "limping",
  "warmth",
  "stiffness",
  "tightness",
  "sharp",
  "stabbing",
  "shooting",
  "swollen",
  "numb",
  "bruised",
  "calf",
  "calves",
  "achilles",
  "shin",
  "shins",
  "quad",
  "quads",
  "thigh",
  "thighs",
  "hamstring",
  "hamstrings",
  "glute",
  "glutes",
  "bum",
  "butt",
  "hip",
  "hips",
  "knee",
  "knees",
  "kneecap",
  "ankle",
  "ankles",
  "foot",
  "feet",
  "heel",
  "heels",
  "arch",
  "arches",
  "toe",
  "toes",
  "back",
  "joint",
  "joints",
]);

/** How many other words a negation reaches past before it stops. */
const NEGATION_REACH = 3;

const isNegator = (tokens: Token[], i: number): boolean => {
  const t = tokens[i]!.text;
  if (!NEGATORS.has(t)) return false;
  // "can not walk" is inability, not negation.
  if (t === "not" && (tokens[i - 1]?.text === "can" || tokens[i - 1]?.text === "could")) return false;
  return true;
};

/** After a comma, does a list of nouns continue to an "or"/"nor"? ("no swelling, bruising or numbness") */
const listContinues = (tokens: Token[], comma: number): boolean => {
  for (let j = comma + 1; j < tokens.length && j <= comma + 8; j++) {
    const t = tokens[j]!.text;
    if (t === "or" || t === "nor") return true;
    if (t !== "," && !LIST_WORDS.has(t) && !FILLERS.has(t)) return false;
  }
  return false;
};

/** Marks every token that a preceding negation covers. */
const negationScope = (tokens: Token[]): boolean[] => {
  const negated: boolean[] = tokens.map(() => false);
  for (let i = 0; i < tokens.length; i++) {
    if (!isNegator(tokens, i)) continue;
    let reach = NEGATION_REACH;
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j]!.text;
      if (t === ",") {
        if (listContinues(tokens, j)) continue;
        break;
      }
      if (HARD_BOUNDARIES.has(t) || SCOPE_BREAKERS.has(t)) break;
      if (!FILLERS.has(t) && !LIST_WORDS.has(t)) {
        reach--;
        if (reach < 0) break;
      }
      negated[j] = true;
    }
  }
  return negated;
};

// --- Sentences --------------------------------------------------------------------------------

const toSentence = (text: string): Sentence => {
  const tokens = tokenise(text);
  const starts: number[] = [];
  let offset = 0;
  for (const t of tokens) {
    starts.push(offset);
    offset += t.text.length + 1;
  }
  return { tokens, canon: tokens.map((t) => t.text).join(" "), starts, negated: negationScope(tokens) };
};

/**
 * Turns new text into sentences ready for reading: normalised, contact lines and digit runs
 * blanked, list markers ("1. ") dropped.
 */
export const prepare = (text: string): Sentence[] => {
  const sentences: Sentence[] = [];
  for (const rawLine of normalise(text).split("\n")) {
    if (isContactLine(rawLine)) continue;
    const line = maskContacts(rawLine.replace(LIST_MARKER, ""));
    for (const piece of splitSentences(line)) {
      const sentence = toSentence(piece);
      if (sentence.tokens.length > 0) sentences.push(sentence);
    }
  }
  return sentences;
};

// --- Phrase matching on canon -----------------------------------------------------------------

/**
 * Builds a global regex matching any of `phrases` as whole tokens in `canon`. A phrase is
 * regex source over space-separated tokens, e.g. "pins and needles" or "(?:warm|hot) to touch".
 */
export const phraseRegex = (phrases: readonly string[]): RegExp =>
  new RegExp(`(?<![^ ])(?:${[...phrases].sort((a, b) => b.length - a.length).join("|")})(?![^ ])`, "gu");

export interface PhraseMatch {
  /** First and one-past-last token index. */
  first: number;
  end: number;
  text: string;
}

/** Token index whose canon offset is `offset` (offsets from phraseRegex always start a token). */
const tokenAt = (sentence: Sentence, offset: number): number => {
  let lo = 0;
  let hi = sentence.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentence.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/**
 * Every match of a `phraseRegex` regex in the sentence. It runs `exec` on the shared regex rather than
 * `matchAll`, which clones the regex on every call: with ~16 regexes per sentence that clone cost
 * 1-3 µs each and dominated the reading of thousands of short sentences.
 */
export const matchPhrases = (sentence: Sentence, regex: RegExp): PhraseMatch[] => {
  const out: PhraseMatch[] = [];
  const { canon } = sentence;
  regex.lastIndex = 0;
  for (let m = regex.exec(canon); m !== null; m = regex.exec(canon)) {
    // An empty match must not loop forever (what matchAll does: step past it).
    if (m[0] === "") regex.lastIndex = m.index + ((canon.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
    const first = tokenAt(sentence, m.index);
    const end = tokenAt(sentence, m.index + m[0].length - 1) + 1;
    out.push({ first, end, text: m[0] });
  }
  regex.lastIndex = 0;
  return out;
};

/** Where one statement ends and the next begins, for "nearby" checks and past-tense clauses. */
export const CLAUSE_BREAKS = new Set([",", ";", "?", "(", ")", "but", "and", "though", "although", "however", "whereas", "while", "then"]);
