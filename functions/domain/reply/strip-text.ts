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

import { OWN_MARK } from "./own-mail.js";

/** Stripping reads at most this much of a text part; the new text is at its top (or between quotes). */
export const MAX_BODY_CHARS = 200_000;
const MAX_HEADER_LINE = 400;

// Header-block keys in the 25 most common mail locales (Outlook, Apple Mail, Gmail, Thunderbird, Yahoo, Mail.ru...).
const FROM_KEY =
  /^\*?(?:from|von|de|de la|da|van|fra|från|od|от|від|expéditeur|remitente|lähettäjä|feladó|kimden|από|发件人|發件人|寄件者|差出人|보낸 사람|من|מאת|dari|afzender|nadawca|odesílatel)\*?\s?[:：]/i;
const HEADER_KEY =
  /^\*?(?:sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|envoye|à|a|objet|enviado|enviada em|enviado el|fecha|para|asunto|assunto|inviato|oggetto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne|lähetetty|vastaanottaja|aihe|päivämäärä|wysłano|wysłane|do|temat|data|odesláno|komu|předmět|elküldve|dátum|címzett|tárgy|отправлено|дата|кому|тема|надіслано|gönderildi|tarih|kime|konu|στάλθηκε|ημερομηνία|προς|θέμα|日期|发送时间|收件人|主题|主題|寄件日期|收件者|主旨|送信日時|日付|宛先|件名|보낸 날짜|받는 사람|제목|تم الإرسال|التاريخ|إلى|الموضوع|נשלח|תאריך|אל|נושא|trimis|către|subiect|dikirim|tanggal|kepada|subjek)\*?\s?[:：]/i;
const ORIGINAL_MESSAGE =
  /^[-–—=_ ]{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|original-nachricht|originalnachricht|weitergeleitete nachricht|message d'origine|message original|message transféré|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato|mensagem original|mensagem encaminhada|oorspronkelijk bericht|origineel bericht|doorgestuurd bericht|originalmeddelande|ursprungligt meddelande|oprindelig meddelelse|oprindelig besked|opprinnelig melding|alkuperäinen viesti|oryginalna wiadomość|wiadomość oryginalna|původní zpráva|eredeti üzenet|исходное сообщение|пересылаемое сообщение|оригінальне повідомлення|orijinal ileti|özgün ileti|αρχικό μήνυμα|原始邮件|原始郵件|転送メッセージ|元のメッセージ|원본 메시지|الرسالة الأصلية|הודעה מקורית|mesaj original|pesan asli|pesan asal)\s*[-–—=_ ]{2,}$/i;
const FORWARD_BEGIN =
  /^(?:begin forwarded message|début du message réexpédié|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado)\s*:?$/i;
const OUTLOOK_RULE = /^_{10,}$/;
/** "Key: value" or "Key：value", a header line in any language (after Outlook's rule). */
const ANY_HEADER = /^\*?[^\s:：]{1,20}(?: [^\s:：]{1,20})?\*?\s?[:：]/;
const MOBILE_SIGNATURE =
  /^(?:sent from|sent via|sent with|sent using|get outlook for|envoyé de|envoyé depuis|envoyé à partir de|envoye de mon|télécharger outlook pour|von meinem|gesendet von|gesendet mit|outlook für|enviado desde|enviado de mi|enviado do meu|obtener outlook para|inviato da|verzonden (?:vanaf|met)|verstuurd vanaf|skickat från|sendt fra|lähetetty|wysłane z|odesláno z|отправлено с|надіслано з|iphone'umdan gönderildi|从我的|發自我的|iphoneから送信)/i;
const ATTRIBUTION_START =
  /^(?:on|le|el|am|il|em|op|den|w dniu|dnia|dne|pe|στις|в|у|в\s|на|tanggal|pada|\d{4}[-./年]|\d{1,2}[./]\s?\d{1,2}[./])/i;
const ATTRIBUTION_VERBS = [
  "wrote",
  "writes",
  "a écrit",
  "a ecrit",
  "écrit",
  "escribió",
  "escribio",
  "schrieb",
  "ha scritto",
  "escreveu",
  "schreef",
  "skrev",
  "kirjoitti",
  "napisał",
  "napisal",
  "napsal",
  "írta",
  "пишет",
  "написал",
  "написала",
  "написав",
  "пише",
  "έγραψε",
  "yazdı",
  "a scris",
  "menulis",
  "写道",
  "寫道",
  "書きました",
  "のメッセージ",
  "작성",
  "كتب",
  "כתב",
  "skrifaði",
  "rašė",
];

/** Attribution lines may wrap over this many lines ("On Mon, … / at 10:18, Legwork … / wrote:"). */
const MAX_ATTRIBUTION_LINES = 3;

/** A line the own-mail defence marked (see own-mail.ts) read as it was, for header-block checks. */
const unmark = (line: string): string => (line.startsWith(OWN_MARK) ? line.slice(OWN_MARK.length) : line);

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

/** Zoho's "---- On … wrote ----" and Zimbra's "- On … wrote:" read as the plain form. */
const attributionForm = (line: string): string =>
  line
    .toLowerCase()
    .replace(/^[-*\s]+/, "")
    .replace(/\s*-{2,}$/, ":")
    .replace(/：$/, ":");

const isAttribution = (lower: string): boolean =>
  lower.endsWith(":") && hasVerb(lower) && (ATTRIBUTION_START.test(lower) || lower.includes("@") || /\d/.test(lower));

/** Lines an attribution at `i` spans (1 to MAX_ATTRIBUTION_LINES), or 0. */
const attributionAt = (lines: readonly string[], i: number): number => {
  const line = unmark(lines[i]!).trim();
  if (line.length > MAX_HEADER_LINE || line === "") return 0;
  const lower = attributionForm(line);
  if (isAttribution(lower)) return 1;
  // Old Gmail: "2025-03-03 7:00 GMT+00:00 Legwork Coach <coach@legwork.example>:"
  if (lower.endsWith(">:") && lower.includes("@") && /\d/.test(lower)) return 1;
  if (!ATTRIBUTION_START.test(lower) && !lower.includes("@")) return 0;
  let joined = lower;
  for (let span = 2; span <= MAX_ATTRIBUTION_LINES && i + span - 1 < lines.length; span++) {
    const next = unmark(lines[i + span - 1]!).trim();
    if (next === "" || next.length > 200) return 0;
    joined = `${joined} ${attributionForm(next)}`;
    if (isAttribution(joined)) return span;
  }
  return 0;
};

const isHeaderBlock = (lines: readonly string[], i: number): boolean => {
  if (!FROM_KEY.test(unmark(lines[i]!).trim())) return false;
  let keys = 0;
  for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
    if (HEADER_KEY.test(unmark(lines[j]!).trim())) keys++;
  }
  return keys >= 2;
};

/** "<date> <name>:" in a language no rule knows, right above text the own-mail defence marked: its attribution. */
const introducesOwnMail = (lines: readonly string[], i: number): boolean => {
  const line = lines[i]!.trim();
  if (line.length > MAX_HEADER_LINE || !/[:：]$/.test(line) || !/[\d@]/.test(line)) return false;
  const j = nextNonBlank(lines, i + 1);
  return j < lines.length && lines[j]!.startsWith(OWN_MARK);
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
    if (isQuoted(raw)) {
      // Legwork's own "From: Legwork Coach <…>" line, marked by the defence, still starts a header block.
      if (raw.startsWith(OWN_MARK) && isHeaderBlock(lines, i)) break;
      continue;
    }
    if (raw === "-- " || line === "--" || line === "—") break;
    if (ORIGINAL_MESSAGE.test(line) || FORWARD_BEGIN.test(line)) break;
    if (OUTLOOK_RULE.test(line)) {
      const j = nextNonBlank(lines, i + 1);
      if (j >= lines.length || isHeaderBlock(lines, j) || ANY_HEADER.test(unmark(lines[j]!).trim())) break;
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
    if (introducesOwnMail(lines, i)) continue;
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
