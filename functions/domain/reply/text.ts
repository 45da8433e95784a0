/**
 * Shared reading machinery: normalisation, contact masking and sentences (tokens in tokens.ts,
 * negation scope in negation.ts, phrase matching in phrases.ts). Everything here is linear in the input.
 */
import { negationScope } from "./negation.js";
import type { Sentence } from "./tokens.js";
import { tokenise } from "./tokens.js";

/** Only this much new text is read for meaning: a check-in never needs more, and it bounds regex work. */
export const MAX_READ_CHARS = 10_000;

/**
 * A word table's own entry, never one inherited from Object.prototype: a reply saying "constructor"
 * or "toString" must read as a word, not as a function (which would become NaN as a number).
 */
export const ownEntry = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

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
