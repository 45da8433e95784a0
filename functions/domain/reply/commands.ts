/**
 * Commands are imperative: a segment (a line, or a sentence/clause split at . ! ? ; ,) must START
 * with the command, optionally after "please"/"pls"/"kindly"/"can you"/"could you", and may go on
 * only with words that belong to the command ("stop emailing me please"). So "I stopped at the
 * lights", "stop sign", "non-stop" and "pause my watch" are not commands.
 *
 * | command | segment starts with                                                         | may go on with          |
 * |---------|-----------------------------------------------------------------------------|-------------------------|
 * | stop    | stop, cancel                                                                | email words: "emailing me", "the emails", "now", "please" |
 * | stop    | unsubscribe, unsub, opt (me) out, remove me, take me off, no more emails, don't email me | anything   |
 * | pause   | pause, snooze, put (the emails) on hold, take a break from the emails      | a duration, email words |
 * | resume  | resume, unpause, restart, continue, start again/back/sending, I'm back, turn it back on | email words |
 *
 * "I'd like to", "I want to", "can I" may also come first, except before a bare "stop" ("I want to
 * stop" may be about running). When several commands appear, stop wins over pause, and pause
 * over resume: an unsubscribe must always be honoured.
 *
 * pauseWeeks: "N weeks" (digits or one..twelve), "a week" = 1, "a couple of weeks" = 2, "a few /
 * several weeks" = 3, "a fortnight" = 2, "N months" = 4N, "N days" = ceil(N/7). Clamped to 1-12.
 * No duration (or "until <date>") gives null: the caller applies its default.
 */
import { normalise, ownEntry } from "./text.js";
import type { Command } from "./types.js";

export const MIN_PAUSE_WEEKS = 1;
export const MAX_PAUSE_WEEKS = 12;

const POLITE = new Set(["please", "pls", "plz", "kindly", "pleeease", "pleaaase"]);
const ASK: readonly (readonly string[])[] = [
  ["can", "you"],
  ["could", "you"],
  ["would", "you"],
  ["will", "you"],
];
const WANT: readonly (readonly string[])[] = [
  ["i'd", "like", "you", "to"],
  ["i", "would", "like", "you", "to"],
  ["i'd", "like", "to"],
  ["i", "would", "like", "to"],
  ["id", "like", "to"],
  ["i", "want", "to"],
  ["i", "wish", "to"],
  ["i", "need", "to"],
  ["can", "i"],
  ["could", "i"],
  ["may", "i"],
  ["let", "me"],
  ["can", "we"],
  ["i'd", "love", "to"],
  ["i", "have", "to"],
  ["i'll", "have", "to"],
  ["i", "must"],
];

const EMAIL_WORDS = new Set([
  "emails",
  "email",
  "e",
  "mails",
  "mail",
  "messages",
  "message",
  "newsletters",
  "newsletter",
  "subscription",
  "sending",
  "emailing",
  "mailing",
  "messaging",
  "contacting",
  "texting",
  "writing",
  "coaching",
  "programme",
  "program",
  "plan",
  "legwork",
  "list",
]);
const TRAIL = new Set([
  "please",
  "pls",
  "plz",
  "thanks",
  "thank",
  "you",
  "now",
  "asap",
  "immediately",
  "x",
  "xx",
  "cheers",
  "ta",
  "right",
  "away",
  "altogether",
  "completely",
  "for",
  "good",
  "ok",
  "okay",
  "coach",
  "sorry",
]);
const STOP_ALLOWED = new Set([
  ...EMAIL_WORDS,
  ...TRAIL,
  "it",
  "this",
  "that",
  "all",
  "everything",
  "these",
  "those",
  "the",
  "my",
  "your",
  "me",
  "to",
  "them",
  "from",
  "any",
  "more",
  "anymore",
  "of",
  "sending",
  "now",
]);
const RESUME_ALLOWED = new Set([
  ...EMAIL_WORDS,
  ...TRAIL,
  "me",
  "my",
  "the",
  "again",
  "it",
  "them",
  "back",
  "up",
  "on",
  "going",
  "from",
  "where",
  "i",
  "left",
  "off",
  "things",
  "everything",
  "please",
  "now",
  "so",
]);
const PAUSE_ALLOWED = new Set([
  ...EMAIL_WORDS,
  ...TRAIL,
  "the",
  "my",
  "these",
  "it",
  "me",
  "things",
  "everything",
  "for",
  "about",
  "around",
  "maybe",
  "a",
  "an",
  "another",
  "couple",
  "of",
  "few",
  "several",
  "week",
  "weeks",
  "wk",
  "wks",
  "w",
  "fortnight",
  "month",
  "months",
  "day",
  "days",
  "while",
  "bit",
  "little",
  "next",
  "and",
  "or",
  "at",
  "least",
  "approx",
  "roughly",
  "just",
  "short",
  "break",
  "them",
]);

const SMALL_NUMBERS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
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
  eleven: 11,
  twelve: 12,
  couple: 2,
  few: 3,
  several: 3,
};

const startsWith = (words: readonly string[], prefix: readonly string[]): boolean => prefix.every((p, i) => words[i] === p);

const isNumberWord = (w: string): boolean => /^\d{1,3}$/.test(w) || ownEntry(SMALL_NUMBERS, w) !== undefined;

/** Weeks asked for in a pause command's tail, or null when it names no duration. */
const readPauseWeeks = (tail: readonly string[]): number | null => {
  for (let i = 0; i < tail.length; i++) {
    const w = tail[i]!;
    if (w === "until" || w === "till" || w === "til") return null;
    if (w === "fortnight" || w === "fortnights") return clampWeeks(2 * countBefore(tail, i));
    const unit = /^(?:weeks?|wks?|w)$/.test(w) ? 1 : /^months?$/.test(w) ? 4 : /^days?$/.test(w) ? 1 / 7 : 0;
    if (unit === 0) continue;
    return clampWeeks(Math.ceil(countBefore(tail, i) * unit));
  }
  return null;
};

/** The number in front of a unit: "2 weeks", "two weeks", "a couple of weeks"; 1 when there is none. */
const countBefore = (tail: readonly string[], unitIndex: number): number => {
  for (let j = unitIndex - 1; j >= 0 && j >= unitIndex - 3; j--) {
    const w = tail[j]!;
    if (/^\d{1,3}$/.test(w)) return Number(w);
    const n = ownEntry(SMALL_NUMBERS, w);
    if (n !== undefined) return n;
  }
  return 1;
};

const clampWeeks = (weeks: number): number => Math.min(MAX_PAUSE_WEEKS, Math.max(MIN_PAUSE_WEEKS, weeks));

interface Found {
  command: Command;
  pauseWeeks: number | null;
}

const only = (words: readonly string[], allowed: ReadonlySet<string>): boolean => words.every((w) => allowed.has(w));

/** Reads one segment: the words after an optional "please"/"can you"/"I'd like to". */
const readSegment = (all: readonly string[]): Found | null => {
  let words = all;
  while (words.length > 0 && POLITE.has(words[0]!)) words = words.slice(1);
  const ask = ASK.find((p) => startsWith(words, p));
  if (ask) words = words.slice(ask.length);
  while (words.length > 0 && POLITE.has(words[0]!)) words = words.slice(1);
  const want = WANT.find((p) => startsWith(words, p));
  if (want) words = words.slice(want.length);
  const [first, second, third] = words;
  if (first === undefined) return null;
  const rest = words.slice(1);

  // stop
  if (first === "unsubscribe" || first === "unsub" || first === "unsubscribe.") return { command: "stop", pauseWeeks: null };
  if (first === "opt" && (second === "out" || (second === "me" && third === "out"))) return { command: "stop", pauseWeeks: null };
  if ((first === "remove" && second === "me") || (first === "take" && second === "me" && third === "off")) {
    return { command: "stop", pauseWeeks: null };
  }
  if (first === "no" && second === "more" && third !== undefined && EMAIL_WORDS.has(third)) return { command: "stop", pauseWeeks: null };
  const dont = first === "don't" || first === "dont" ? 1 : first === "do" && second === "not" ? 2 : 0;
  if (dont > 0) {
    const verb = words[dont];
    if ((verb === "email" || verb === "send" || verb === "contact" || verb === "message") && only(words.slice(dont + 1), STOP_ALLOWED)) {
      return { command: "stop", pauseWeeks: null };
    }
  }
  if ((first === "stop" || first === "cancel") && only(rest, STOP_ALLOWED)) {
    if (!want || rest.some((w) => EMAIL_WORDS.has(w))) return { command: "stop", pauseWeeks: null };
  }

  // pause
  if (first === "pause" || first === "snooze") {
    const until = rest.findIndex((w) => w === "until" || w === "till" || w === "til");
    const checked = until >= 0 ? rest.slice(0, until) : rest;
    if (checked.every((w) => PAUSE_ALLOWED.has(w) || isNumberWord(w))) {
      return { command: "pause", pauseWeeks: readPauseWeeks(rest) };
    }
  }
  const hold = words.indexOf("hold");
  if (first === "put" && hold > 1 && words[hold - 1] === "on" && only(words.slice(1, hold - 1), PAUSE_ALLOWED)) {
    const tail = words.slice(hold + 1);
    if (tail.every((w) => PAUSE_ALLOWED.has(w) || isNumberWord(w))) return { command: "pause", pauseWeeks: readPauseWeeks(tail) };
  }
  if (first === "take" && second === "a" && third === "break" && words[3] === "from" && words.slice(4).some((w) => EMAIL_WORDS.has(w))) {
    const tail = words.slice(4);
    if (tail.every((w) => PAUSE_ALLOWED.has(w) || isNumberWord(w))) return { command: "pause", pauseWeeks: readPauseWeeks(tail) };
  }

  // resume
  if (["resume", "unpause", "restart", "continue", "resubscribe"].includes(first) && only(rest, RESUME_ALLOWED)) {
    return { command: "resume", pauseWeeks: null };
  }
  if (first === "un" && second === "pause" && only(words.slice(2), RESUME_ALLOWED)) return { command: "resume", pauseWeeks: null };
  if (
    first === "start" &&
    second !== undefined &&
    ["again", "back", "up", "sending", "emailing", "the", "my", "them", "it"].includes(second) &&
    only(rest, RESUME_ALLOWED) &&
    (rest.includes("again") || rest.includes("back") || rest.includes("up") || rest.some((w) => EMAIL_WORDS.has(w)))
  ) {
    return { command: "resume", pauseWeeks: null };
  }
  const back = (first === "i'm" || first === "im") && second === "back" ? 2 : first === "i" && second === "am" && third === "back" ? 3 : 0;
  if (back > 0 && only(words.slice(back), RESUME_ALLOWED)) return { command: "resume", pauseWeeks: null };
  if (first === "turn" && words.includes("back") && words[words.length - 1] === "on" && only(rest, RESUME_ALLOWED)) {
    return { command: "resume", pauseWeeks: null };
  }
  return null;
};

const PRECEDENCE: readonly Command[] = ["stop", "pause", "resume"];
const MAX_SEGMENT_WORDS = 20;

/** Splits text into candidate segments: lines, then sentences and clauses. */
const segments = (text: string): string[][] =>
  normalise(text)
    .split(/[\n.!?;,:()]+|\s-+\s/)
    .map((s) =>
      s
        .replace(/[^\p{L}\p{N}'\s]/gu, " ")
        .trim()
        .split(/\s+/)
        .filter((w) => w !== ""),
    )
    .filter((words) => words.length > 0 && words.length <= MAX_SEGMENT_WORDS);

/** The command the text gives, with its pause length. See the rules at the top of this file. */
export const readCommand = (text: string): Found | null => {
  let best: Found | null = null;
  for (const words of segments(text)) {
    const found = readSegment(words);
    if (found && (!best || PRECEDENCE.indexOf(found.command) < PRECEDENCE.indexOf(best.command))) best = found;
  }
  return best;
};
