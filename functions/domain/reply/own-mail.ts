/**
 * Legwork's own email is never read as the runner's words, whatever the mail client did to the quote.
 *
 * Quote stripping works by shape ("> ", "On … wrote:", blockquotes) and a client it does not know
 * slips through. This works by content: Legwork knows what it sent the runner (the reply token names
 * the runner; the app regenerates the emails it may have sent, see functions/app/own-mail.ts), so any
 * stretch of the reply that repeats that text is marked as quoted (`OWN_MARK`) before the plain-text rules run.
 *
 * Matching: both sides become word tokens (lower-cased, NFKC; every number becomes "#", so a sent
 * "6/10" matches whatever score the runner gave then; URLs and addresses are dropped, since signed
 * links differ on every send). The sent text is cut into shingles of `SHINGLE` consecutive tokens.
 * The reply's tokens form one stream across lines (so re-wrapped or unprefixed quotes still match),
 * and a token is covered when a shingle through it is one Legwork sent. A line whose tokens are all
 * covered (or all but one) is Legwork's; a line with a covered run and words of the runner's own
 * keeps only the uncovered words. A line naming one of Legwork's addresses is Legwork's too.
 * Linear: one pass to cover, one per line.
 */

/**
 * How a line found to be Legwork's is marked: quoted (">"), with an invisible separator after it so the
 * plain-text rules can still see a header block ("From: Legwork Coach <…>" then "Sent:"…) behind it.
 */
export const OWN_MARK = ">\u2063 ";

/** Consecutive tokens that must repeat sent text before a stretch counts as Legwork's. */
export const SHINGLE = 4;

/** What Legwork sent one runner, ready to match against a reply. */
export interface OwnMail {
  readonly shingles: ReadonlySet<string>;
  /** Lower-cased sender addresses: a line naming one is an attribution or header line. */
  readonly addresses: readonly string[];
}

interface LineToken {
  key: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{M}]+|\d+/gu;
const LINK = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)|@/i;

/** The matching tokens of one line, with their character spans in it. */
const lineTokens = (line: string): LineToken[] => {
  const out: LineToken[] = [];
  const lower = line.normalize("NFKC").toLowerCase();
  // NFKC can change lengths; spans are only used when it did not.
  const sameLength = lower.length === line.length;
  let offset = 0;
  for (const word of lower.split(/(\s+)/)) {
    const at = offset;
    offset += word.length;
    if (word.trim() === "" || LINK.test(word) || word.startsWith("<http")) continue;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(word); m !== null; m = WORD.exec(word)) {
      const key = /\d/.test(m[0]) ? "#" : m[0];
      const start = sameLength ? at + m.index : 0;
      out.push({ key, start, end: sameLength ? start + m[0].length : line.length });
    }
  }
  return out;
};

/** Sent HTML as plain lines: tags to line breaks, the few entities our layouts use decoded. */
const htmlLines = (html: string): string =>
  html
    .replace(/<(style|head|script)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^<>]*>/g, "\n")
    .replace(/&nbsp;|&#160;/gi, " ")
    .replace(/&amp;/gi, "&")
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&quot;/gi, '"')
    .replace(/&lt;/gi, "<")
    .replace(/&gt;/gi, ">")
    .replace(/&#(\d{1,6});/g, (_, n: string) => String.fromCodePoint(Number(n) > 0x10ffff ? 32 : Number(n)));

const streamOf = (text: string): string[] => text.split(/\r?\n/).flatMap((line) => lineTokens(line).map((t) => t.key));

/**
 * Fingerprints the emails Legwork sent: their subjects, plain parts and HTML parts.
 * @example ownMailOf([{ subject: "Week 3", text: "Hi Sam, …", html: "<p>Hi Sam, …</p>" }], ["coach@legwork.example"])
 */
export const ownMailOf = (
  emails: readonly { subject?: string; text?: string; html?: string }[],
  addresses: readonly string[] = [],
): OwnMail => {
  const shingles = new Set<string>();
  for (const email of emails) {
    for (const source of [email.subject ?? "", email.text ?? "", htmlLines(email.html ?? "")]) {
      const stream = streamOf(source);
      for (let i = 0; i + SHINGLE <= stream.length; i++) {
        const shingle = stream.slice(i, i + SHINGLE);
        // Numbers alone (dates, times, scores) say nothing about who wrote them.
        if (shingle.filter((t) => t !== "#").length >= 2) shingles.add(shingle.join(" "));
      }
    }
  }
  return { shingles, addresses: addresses.map((a) => a.toLowerCase()).filter((a) => a.includes("@")) };
};

/** For each token of the stream, whether a sent shingle passes through it. */
const coverage = (keys: readonly string[], own: OwnMail): boolean[] => {
  const covered = keys.map(() => false);
  for (let i = 0; i + SHINGLE <= keys.length; i++) {
    if (!own.shingles.has(keys.slice(i, i + SHINGLE).join(" "))) continue;
    for (let j = i; j < i + SHINGLE; j++) covered[j] = true;
  }
  return covered;
};

/** The line with its covered runs of SHINGLE or more tokens cut out; null when nothing of the runner's is left. */
const rest = (line: string, tokens: readonly LineToken[], covered: readonly boolean[]): string | null => {
  const uncovered = covered.filter((c) => !c).length;
  if (uncovered === covered.length) return line;
  if (uncovered <= 1 || covered.filter(Boolean).length < SHINGLE) return uncovered <= 1 ? null : line;
  let out = "";
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (!covered[i] || (i > 0 && covered[i - 1])) continue;
    let j = i;
    while (j + 1 < tokens.length && covered[j + 1]) j++;
    out += line.slice(from, tokens[i]!.start);
    from = tokens[j]!.end;
  }
  return (out + line.slice(from)).replace(/\s{2,}/g, " ").trim();
};

/** Verdict for a line with no words: decided from its neighbours. */
const WORDLESS = "\u0000wordless";

/** The line as kept (maybe cut), null when it is Legwork's, or WORDLESS. */
const verdictOf = (line: string, tokens: readonly LineToken[], mine: readonly boolean[], own: OwnMail): string | null => {
  if (line.trim() === "" || line.trimStart().startsWith(">")) return line;
  const lower = line.toLowerCase();
  if (own.addresses.some((a) => lower.includes(a))) return null;
  if (tokens.every((t) => t.key === "#")) return WORDLESS;
  return rest(line, tokens, mine);
};

/**
 * A line with no words: a rule, a link or a row of numbers among Legwork's lines is Legwork's (the nearest
 * line with words, above or below, is); a bare number stays the runner's unless the line right above is Legwork's.
 */
const wordless = (lines: readonly string[], verdicts: readonly (string | null)[], i: number): string | null => {
  const line = lines[i]!;
  if (i > 0 && verdicts[i - 1] === null) return null;
  // Rules ("--", "===="), links and rows of numbers are layout; a bare score is the runner's.
  const layout = lineTokens(line).length === 0 || lineTokens(line).length >= 3 || line.split(/\s+/).some((w) => LINK.test(w));
  if (!layout) return line;
  const near = (step: number): boolean => {
    for (let j = i + step; j >= 0 && j < lines.length; j += step) {
      if (lines[j]!.trim() === "" || verdicts[j] === WORDLESS) continue;
      return verdicts[j] === null;
    }
    return false;
  };
  return near(-1) || near(1) ? null : line;
};

/**
 * The reply text with every stretch Legwork sent marked as quoted (`OWN_MARK`) or cut from its line.
 * @example quoteOwnMail("Legs fine, a 2\nHi Sam, here is week 3 of your plan", own) // "Legs fine, a 2\n> Hi Sam, …"
 */
export const quoteOwnMail = (text: string, own: OwnMail | undefined): string => {
  if (!own || (own.shingles.size === 0 && own.addresses.length === 0)) return text;
  const lines = text.split("\n");
  const perLine = lines.map(lineTokens);
  const covered = coverage(
    perLine.flat().map((t) => t.key),
    own,
  );
  const verdicts: (string | null)[] = [];
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const tokens = perLine[i]!;
    const mine = covered.slice(at, at + tokens.length);
    at += tokens.length;
    verdicts.push(verdictOf(lines[i]!, tokens, mine, own));
  }
  const out = lines.map((line, i) => {
    const verdict = verdicts[i] === WORDLESS ? wordless(lines, verdicts, i) : verdicts[i]!;
    return verdict === null ? `${OWN_MARK}${line}` : verdict;
  });
  return out.join("\n");
};
