/**
 * Quote and signature stripping for plain text, one line at a time (linear: no regex here can
 * backtrack across lines). Rules, first match wins:
 *
 * 1. A line starting with ">" is quoted: dropped, and reading goes on (bottom-posted and
 *    interleaved replies keep their unquoted lines).
 * 2. An attribution line ("On <date>, <name> wrote:", "Le ... a écrit :", "El ... escribió:",
 *    "Am ... schrieb ...:", also wrapped over two lines) is dropped. If the next non-blank line is
 *    quoted, reading goes on; otherwise the original follows unquoted and the rest is cut.
 * 3. These cut the rest of the message: a "-- " / "--" signature delimiter; "-----Original
 *    Message-----" and its translations; "---------- Forwarded message ---------" and "Begin
 *    forwarded message:"; an Outlook header block: a From:/De :/Von:/De: line followed within
 *    six lines by two of Sent/Date/To/Subject (and Envoyé/À/Objet, Gesendet/An/Betreff,
 *    Enviado/Para/Asunto...), with or without the "________________________________" line above it.
 * 4. A mobile signature line ("Sent from my iPhone", "Get Outlook for iOS", "Envoyé de mon
 *    iPhone", "Von meinem iPhone gesendet", "Enviado desde mi iPhone"...) is dropped.
 * Closings such as "Thanks,\nSam" stay in the text; the reader ignores contact-detail lines.
 */

/** Stripping reads at most this much of a text part; the new text is at its top (or between quotes). */
export const MAX_BODY_CHARS = 200_000;
const MAX_HEADER_LINE = 400;

const FROM_KEY = /^\*?(?:from|von|de|da|van|fra|från|od|от|expéditeur|remitente)\s?:/i;
const HEADER_KEY =
  /^\*?(?:sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|envoye|à|a|objet|enviado|enviado el|fecha|para|asunto|inviato|oggetto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne|cc)\s?:/i;
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato|oorspronkelijk bericht|doorgestuurd bericht|originalmeddelande|oprindelig meddelelse)\s*-{2,}$/i;
const FORWARD_BEGIN = /^(?:begin forwarded message|début du message réexpédié|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado)\s*:?$/i;
const OUTLOOK_RULE = /^_{10,}$/;
const MOBILE_SIGNATURE =
  /^(?:sent from|sent via|sent with|sent using|get outlook for|envoyé de|envoyé depuis|envoyé à partir de|envoye de mon|télécharger outlook pour|von meinem|gesendet von|gesendet mit|outlook für|enviado desde|enviado de mi|obtener outlook para|inviato da|verzonden (?:vanaf|met)|verstuurd vanaf|skickat från|sendt fra)\b/i;
const ATTRIBUTION_START = /^(?:on|le|el|am|il|em|op|den|w dniu|dnia|pe)\s/i;
const ATTRIBUTION_VERBS = [
  "wrote", "a écrit", "a ecrit", "écrit", "escribió", "escribio", "schrieb", "ha scritto", "escreveu", "schreef",
  "skrev", "kirjoitti", "napisał",
];

const isQuoted = (line: string): boolean => line.trimStart().startsWith(">");
const isBlank = (line: string | undefined): boolean => line === undefined || line.trim() === "";

const hasVerb = (lower: string): boolean => ATTRIBUTION_VERBS.some((v) => lower.includes(v));

/**
 * Yahoo's plain part puts the original on the attribution's own line:
 * "On Mon, 3 Mar 2025 at 7:00, Legwork Coach<coach@legwork.example> wrote:   Hi Sam, ...".
 */
const INLINE_ATTRIBUTION =
  /^(?:on|le|el|am|il|em|op|den)\s[^\n]{0,300}?(?:wrote|a écrit|escribió|schrieb|ha scritto|escreveu|schreef|skrev)\s?:\s/i;

/** True when line `i` starts an attribution that carries the original text on the same line. */
const inlineAttributionAt = (lines: readonly string[], i: number): boolean =>
  INLINE_ATTRIBUTION.test(lines[i]!.trim().slice(0, MAX_HEADER_LINE));

/** Lines an attribution at `i` spans (1 or 2), or 0. */
const attributionAt = (lines: readonly string[], i: number): number => {
  const line = lines[i]!.trim();
  if (line.length > MAX_HEADER_LINE) return 0;
  const lower = line.toLowerCase();
  if (lower.endsWith(":") && hasVerb(lower) && (ATTRIBUTION_START.test(lower) || lower.includes("@"))) return 1;
  // Old Gmail: "2025-03-03 7:00 GMT+00:00 Legwork Coach <coach@legwork.example>:"
  if (lower.endsWith(">:") && lower.includes("@") && /\d/.test(lower)) return 1;
  const next = lines[i + 1]?.trim().toLowerCase();
  if (next !== undefined && next.length <= 200 && ATTRIBUTION_START.test(lower) && next.endsWith(":")) {
    if (hasVerb(`${lower} ${next}`)) return 2;
  }
  return 0;
};

const isHeaderBlock = (lines: readonly string[], i: number): boolean => {
  if (!FROM_KEY.test(lines[i]!.trim())) return false;
  let keys = 0;
  for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
    if (HEADER_KEY.test(lines[j]!.trim())) keys++;
  }
  return keys >= 2;
};

const nextNonBlank = (lines: readonly string[], from: number): number => {
  let j = from;
  while (j < lines.length && isBlank(lines[j])) j++;
  return j;
};

/**
 * The new text of a plain-text part: quotes, quote headers and signatures removed.
 *
 * `maxChars` bounds the work when only the start of the new text is wanted: reading stops once the
 * kept lines hold that many non-blank characters. Lines are only ever appended and every rule
 * drops a line or cuts the rest, so the result is then a prefix of the unbounded one, at least
 * `maxChars` long: its first `maxChars` characters are the same.
 */
export const stripPlainText = (text: string, maxChars = Number.POSITIVE_INFINITY): string => {
  const lines = text.slice(0, MAX_BODY_CHARS).replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  // A lower bound on the length of tidy(kept): the trimmed length of every kept line.
  let keptChars = 0;
  for (let i = 0; i < lines.length && keptChars < maxChars; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (isQuoted(raw)) continue;
    if (raw === "-- " || line === "--" || line === "—") break;
    if (ORIGINAL_MESSAGE.test(line) || FORWARD_BEGIN.test(line)) break;
    if (OUTLOOK_RULE.test(line)) {
      const j = nextNonBlank(lines, i + 1);
      if (j >= lines.length || isHeaderBlock(lines, j)) break;
    }
    if (isHeaderBlock(lines, i) || inlineAttributionAt(lines, i)) break;
    const span = attributionAt(lines, i);
    if (span > 0) {
      const j = nextNonBlank(lines, i + span);
      if (j < lines.length && isQuoted(lines[j]!)) {
        i += span - 1;
        continue;
      }
      break;
    }
    if (line.length <= 120 && MOBILE_SIGNATURE.test(line)) continue;
    kept.push(raw.trimEnd());
    keptChars += line.length;
  }
  return tidy(kept);
};

/** Trims blank lines at both ends and folds runs of blank lines into one. */
const tidy = (lines: readonly string[]): string => {
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line.trim() === "" ? "" : line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.join("\n").trim();
};
