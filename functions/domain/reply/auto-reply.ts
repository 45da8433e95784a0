/**
 * Machine-sent mail that must never be read as a check-in (RFC 3834 and what clients really send).
 * A message is an auto-reply when any of these holds:
 * - `Auto-Submitted` is present and not "no";
 * - `X-Autoreply`, `X-Autorespond` or `X-Autoresponder` is present;
 * - `Precedence` is bulk, auto_reply, junk or list;
 * - `X-Auto-Response-Suppress` is All or OOF AND the subject reads as out-of-office;
 * - the sender is null (`Return-Path: <>`, or no From), MAILER-DAEMON or postmaster;
 * - `X-Failed-Recipients` is present (a bounce);
 * - it is a `multipart/report` delivery-status (bounce) or disposition-notification (read receipt);
 * - the subject starts like an out-of-office or bounce ("Out of office", "Automatic reply",
 *   "Auto:", "Abwesenheitsnotiz", "Réponse automatique", "Respuesta automática", "Autosvar",
 *   "Undeliverable"...), after any Re:/AW:/TR: prefixes.
 */

const OOF_SUBJECT =
  /^(?:(?:re|aw|fw|fwd|wg|tr|sv|vs|rv|r|antw|antwort)\s*:\s*)*(?:auto\s*:|automatic reply|automatische antwort|auto[- ]?reply|auto[- ]?response|autoresponder|out of (?:the )?office|ooo\b|abwesenheitsnotiz|abwesend|réponse automatique|reponse automatique|respuesta automática|respuesta automatica|autosvar|automatisch antwoord|risposta automatica|resposta automática|resposta automatica|fuera de la oficina|absence du bureau|on (?:annual )?leave|on vacation|vacation reply|away from (?:the |my )?(?:office|desk)|delivery status notification|undeliverable|undelivered mail|mail delivery (?:failed|failure|system)|returned mail|failure notice|non remis|unzustellbar)/i;
const OOF_ANYWHERE = /\bout of (?:the )?office\b/i;

const NULL_SENDERS = new Set(["mailer-daemon", "mailerdaemon", "postmaster"]);
const BULK_PRECEDENCE = new Set(["bulk", "auto_reply", "junk", "list"]);

export interface AutoReplySignals {
  /** Lower-cased header name to the first value's text ("" when present without a value). */
  header: (name: string) => string | undefined;
  subject: string;
  from: string | null;
  returnPath: string | null | undefined;
  contentType: { value: string; params: Readonly<Record<string, string>> } | undefined;
}

/**
 * True for out-of-office and bounce subjects, after any Re:/AW:/TR: prefixes.
 *
 * @example
 * isOutOfOfficeSubject("AW: Abwesenheitsnotiz: Week 3"); // => true
 * isOutOfOfficeSubject("Re: Week 3: easy does it"); // => false
 */
export const isOutOfOfficeSubject = (subject: string): boolean => {
  const s = subject.slice(0, 1000).trim();
  return OOF_SUBJECT.test(s) || OOF_ANYWHERE.test(s);
};

const isNullSender = (address: string | null | undefined): boolean => {
  if (address === null) return true;
  if (address === undefined) return false;
  return NULL_SENDERS.has(address.split("@")[0] ?? "");
};

/** True when the message is an out-of-office, a bounce or any other automatic mail. */
export const isAutoReply = ({ header, subject, from, returnPath, contentType }: AutoReplySignals): boolean => {
  const autoSubmitted = header("auto-submitted");
  if (autoSubmitted !== undefined && autoSubmitted.split(";")[0]!.trim().toLowerCase() !== "no") return true;
  if (["x-autoreply", "x-autorespond", "x-autoresponder", "x-failed-recipients"].some((h) => header(h) !== undefined)) return true;
  const precedence = header("precedence")?.trim().toLowerCase();
  if (precedence !== undefined && BULK_PRECEDENCE.has(precedence)) return true;
  const suppress = header("x-auto-response-suppress")?.toLowerCase() ?? "";
  if (/\b(?:all|oof)\b/.test(suppress) && isOutOfOfficeSubject(subject)) return true;
  if (isNullSender(from) || isNullSender(returnPath)) return true;
  if (contentType?.value.toLowerCase() === "multipart/report") {
    const type = contentType.params["report-type"]?.toLowerCase();
    if (type === "delivery-status" || type === "disposition-notification") return true;
  }
  return isOutOfOfficeSubject(subject);
};
