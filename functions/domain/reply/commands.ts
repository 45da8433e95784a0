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
import { ASK, EMAIL_WORDS, PAUSE_ALLOWED, POLITE, RESUME_ALLOWED, STOP_ALLOWED, WANT } from "./command-words.js";
import { isNumberWord, readPauseWeeks } from "./pause-weeks.js";
import { normalise } from "./text.js";
import type { Command } from "./types.js";

const startsWith = (words: readonly string[], prefix: readonly string[]): boolean => prefix.every((p, i) => words[i] === p);

interface Found {
  command: Command;
  pauseWeeks: number | null;
}

const only = (words: readonly string[], allowed: ReadonlySet<string>): boolean => words.every((w) => allowed.has(w));

const stop = (): Found => ({ command: "stop", pauseWeeks: null });
const resume = (): Found => ({ command: "resume", pauseWeeks: null });

/** The words after an optional "please"/"can you"/"I'd like to", and whether a want-phrase ("I'd like to") came first. */
const unwrap = (all: readonly string[]): { words: readonly string[]; want: boolean } => {
  let words = all;
  while (words.length > 0 && POLITE.has(words[0]!)) words = words.slice(1);
  const ask = ASK.find((p) => startsWith(words, p));
  if (ask) words = words.slice(ask.length);
  while (words.length > 0 && POLITE.has(words[0]!)) words = words.slice(1);
  const want = WANT.find((p) => startsWith(words, p));
  if (want) words = words.slice(want.length);
  return { words, want: want !== undefined };
};

/** unsubscribe, opt (me) out, remove me, take me off, no more emails, don't email me, stop/cancel (the emails). */
const readStop = (words: readonly string[], want: boolean): Found | null => {
  const [first, second, third] = words;
  const rest = words.slice(1);
  if (first === "unsubscribe" || first === "unsub" || first === "unsubscribe.") return stop();
  if (first === "opt" && (second === "out" || (second === "me" && third === "out"))) return stop();
  if ((first === "remove" && second === "me") || (first === "take" && second === "me" && third === "off")) return stop();
  if (first === "no" && second === "more" && third !== undefined && EMAIL_WORDS.has(third)) return stop();
  const dont = first === "don't" || first === "dont" ? 1 : first === "do" && second === "not" ? 2 : 0;
  if (dont > 0) {
    const verb = words[dont];
    if ((verb === "email" || verb === "send" || verb === "contact" || verb === "message") && only(words.slice(dont + 1), STOP_ALLOWED)) {
      return stop();
    }
  }
  // "I want to stop" may be about running: after a want-phrase, a bare "stop" needs an email word.
  if ((first === "stop" || first === "cancel") && only(rest, STOP_ALLOWED) && (!want || rest.some((w) => EMAIL_WORDS.has(w)))) {
    return stop();
  }
  return null;
};

/** pause/snooze (for a while), put (the emails) on hold, take a break from the emails. */
const readPause = (words: readonly string[]): Found | null => {
  const [first, second, third] = words;
  const rest = words.slice(1);
  const durationOnly = (tail: readonly string[]): boolean => tail.every((w) => PAUSE_ALLOWED.has(w) || isNumberWord(w));
  if (first === "pause" || first === "snooze") {
    const until = rest.findIndex((w) => w === "until" || w === "till" || w === "til");
    if (durationOnly(until >= 0 ? rest.slice(0, until) : rest)) return { command: "pause", pauseWeeks: readPauseWeeks(rest) };
  }
  const hold = words.indexOf("hold");
  if (first === "put" && hold > 1 && words[hold - 1] === "on" && only(words.slice(1, hold - 1), PAUSE_ALLOWED)) {
    const tail = words.slice(hold + 1);
    if (durationOnly(tail)) return { command: "pause", pauseWeeks: readPauseWeeks(tail) };
  }
  if (first === "take" && second === "a" && third === "break" && words[3] === "from" && words.slice(4).some((w) => EMAIL_WORDS.has(w))) {
    const tail = words.slice(4);
    if (durationOnly(tail)) return { command: "pause", pauseWeeks: readPauseWeeks(tail) };
  }
  return null;
};

/** resume, unpause, restart, continue, start again/back/sending, I'm back, turn it back on. */
const readResume = (words: readonly string[]): Found | null => {
  const [first, second, third] = words;
  const rest = words.slice(1);
  if (first === undefined) return null;
  if (["resume", "unpause", "restart", "continue", "resubscribe"].includes(first) && only(rest, RESUME_ALLOWED)) return resume();
  if (first === "un" && second === "pause" && only(words.slice(2), RESUME_ALLOWED)) return resume();
  if (
    first === "start" &&
    second !== undefined &&
    ["again", "back", "up", "sending", "emailing", "the", "my", "them", "it"].includes(second) &&
    only(rest, RESUME_ALLOWED) &&
    (rest.includes("again") || rest.includes("back") || rest.includes("up") || rest.some((w) => EMAIL_WORDS.has(w)))
  ) {
    return resume();
  }
  const back = (first === "i'm" || first === "im") && second === "back" ? 2 : first === "i" && second === "am" && third === "back" ? 3 : 0;
  if (back > 0 && only(words.slice(back), RESUME_ALLOWED)) return resume();
  if (first === "turn" && words.includes("back") && words[words.length - 1] === "on" && only(rest, RESUME_ALLOWED)) return resume();
  return null;
};

/** Reads one segment: stop first, then pause, then resume. */
const readSegment = (all: readonly string[]): Found | null => {
  const { words, want } = unwrap(all);
  if (words.length === 0) return null;
  return readStop(words, want) ?? readPause(words) ?? readResume(words);
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
