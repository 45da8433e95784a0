/**
 * Repairs for raw messages real clients send, and the body hash replays are told apart by.
 * - A blank line before the headers (some gateways and clients add one): skipped when a header follows.
 * - A body labelled with the wrong charset decodes to U+FFFD; the message is then read again as UTF-8.
 */
import { createHash } from "node:crypto";
import type { ParsedMail } from "mailparser";

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]{1,76}:/;

/** The message without blank lines before its first header line (only when a header line follows them). */
export const skipLeadingBlankLines = (buffer: Buffer): Buffer => {
  let at = 0;
  while (at < buffer.length && at < 1024 && (buffer[at] === 0x0d || buffer[at] === 0x0a || buffer[at] === 0x20 || buffer[at] === 0x09))
    at++;
  if (at === 0 || at >= buffer.length) return buffer;
  const head = buffer.subarray(at, at + 80).toString("latin1");
  return HEADER_LINE.test(head) ? buffer.subarray(at) : buffer;
};

const CHARSET = /charset\s*=\s*"?([A-Za-z0-9._:-]+)"?/gi;

/** The raw message with every declared charset replaced by UTF-8 (the bytes of the bodies are unchanged). */
export const relabelAsUtf8 = (buffer: Buffer): Buffer => Buffer.from(buffer.toString("latin1").replace(CHARSET, "charset=utf-8"), "latin1");

const countReplacement = (text: string | undefined): number => {
  if (text === undefined) return 0;
  let n = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0; i = text.indexOf("\ufffd", i + 1)) n++;
  return n;
};

/** How many U+FFFD the decoded bodies hold. */
export const replacements = (mail: ParsedMail): number =>
  countReplacement(mail.text) + countReplacement(typeof mail.html === "string" ? mail.html : undefined);

export const hasReplacements = (mail: ParsedMail): boolean => replacements(mail) > 0;

/**
 * A hash of what the message says (decoded plain and HTML parts), stable across deliveries: SES gives
 * every delivery a new message id and adds its own headers, but a replayed message keeps its body.
 */
export const bodyHashOf = (mail: ParsedMail): string =>
  createHash("sha256")
    .update(mail.text ?? "")
    .update("\u0000")
    .update(typeof mail.html === "string" ? mail.html : "")
    .digest("hex");
