import { parseAddressHeader, simpleParser } from "mailparser";
import type { ParsedMail, SimpleParserOptions } from "mailparser";
import { isAutoReply } from "./auto-reply.js";
import { readCommand } from "./commands.js";
import { MalformedMessageError, MessageTooLargeError, ReplyError } from "./errors.js";
import { extractNewText } from "./extract.js";
import { bodyHashOf, hasReplacements, relabelAsUtf8, replacements, skipLeadingBlankLines } from "./raw.js";
import type { OwnMail } from "./own-mail.js";
import { MAX_READ_CHARS } from "./text.js";
import { readReplyText } from "./understand.js";
import { DEFAULT_LIMITS } from "./types.js";
import type { InboundMessage, ParseLimits, ParsedReply } from "./types.js";

const PARSER_OPTIONS: SimpleParserOptions = {
  // Plain text only from text/plain parts, so an HTML-only reply takes the HTML path here.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  keepCidLinks: true,
  checksumAlgo: false,
  maxHeadSize: 256 * 1024,
  maxChildNodes: 200,
};

const REPLY_PREFIX = /^(?:(?:re|aw|fw|fwd|wg|tr|sv|vs|rv|antw)\s*:\s*)+/i;
const MAX_SUBJECT_COMMAND_WORDS = 6;

interface MailAddress {
  address?: string | undefined;
  group?: MailAddress[] | undefined;
}

const flattenAddresses = (list: readonly MailAddress[]): string[] =>
  list.flatMap((a) => [...(a.address ? [a.address] : []), ...flattenAddresses(a.group ?? [])]);

/** Lower-cased addresses from any header value mailparser produces (address objects or strings). */
const addressesOf = (value: unknown): string[] => {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return addressesOf(parseAddressHeader(value));
  if (Array.isArray(value)) return value.flatMap(addressesOf);
  if (typeof value === "object" && "value" in value && Array.isArray(value.value)) {
    return flattenAddresses(value.value as MailAddress[])
      .map((a) => a.trim().toLowerCase())
      .filter((a) => a !== "");
  }
  return [];
};

const headerText = (headers: ParsedMail["headers"], name: string): string | undefined => {
  if (!headers.has(name)) return undefined;
  const value = headers.get(name);
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === "string") return first;
  if (first && typeof first === "object" && "value" in first && typeof first.value === "string") return first.value;
  return "";
};

const contentTypeOf = (headers: ParsedMail["headers"]): { value: string; params: Record<string, string> } | undefined => {
  const value = headers.get("content-type");
  if (value && typeof value === "object" && "value" in value && typeof value.value === "string" && "params" in value) {
    return { value: value.value, params: (value.params ?? {}) as Record<string, string> };
  }
  return undefined;
};

const toBuffer = (raw: unknown): Buffer => {
  if (Buffer.isBuffer(raw)) return raw;
  if (typeof raw === "string") return Buffer.from(raw, "utf8");
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  throw new MalformedMessageError("a message must be a Buffer or a string");
};

const parse = async (buffer: Buffer): Promise<ParsedMail> => {
  try {
    return await simpleParser(buffer, PARSER_OPTIONS);
  } catch (error) {
    throw new MalformedMessageError("the message could not be parsed", { cause: error });
  }
};

const readMail = async (buffer: Buffer): Promise<ParsedMail> => {
  const mail = await parse(skipLeadingBlankLines(buffer));
  if (!mail.headers || mail.headers.size === 0) throw new MalformedMessageError("the message has no header section");
  if (!hasReplacements(mail)) return mail;
  // A body labelled with the wrong charset (UTF-8 bytes called Big5, say) decodes to U+FFFD: read it as UTF-8 instead.
  const relabelled = await parse(relabelAsUtf8(skipLeadingBlankLines(buffer))).catch(() => mail);
  return replacements(relabelled) < replacements(mail) ? relabelled : mail;
};

const toInbound = (mail: ParsedMail, size: number, limits: ParseLimits, own?: OwnMail): InboundMessage => {
  const { headers } = mail;
  const subject = typeof mail.subject === "string" ? mail.subject : "";
  const from = addressesOf(headers.get("from"))[0] ?? null;
  const senders = mail.headerLines
    .filter((h) => h.key === "from")
    .reduce((n, h) => n + addressesOf(h.line.replace(/^from\s*:/i, "")).length, 0);
  const to = [
    ...new Set([
      ...addressesOf(headers.get("to")),
      ...addressesOf(headers.get("delivered-to")),
      ...addressesOf(headers.get("x-original-to")),
    ]),
  ];
  const returnPath = headers.has("return-path") ? (addressesOf(headers.get("return-path"))[0] ?? null) : undefined;
  const autoReply = isAutoReply({
    header: (name) => headerText(headers, name),
    subject,
    from,
    returnPath,
    contentType: contentTypeOf(headers),
  });

  // Only the first MAX_READ_CHARS are read and maxTextChars returned: stripping need not go further.
  const text = extractNewText(
    { text: mail.text, html: typeof mail.html === "string" ? mail.html : undefined },
    Math.max(MAX_READ_CHARS, limits.maxTextChars),
    own,
  );
  const { parsed: understood, unclear } = readReplyText(text);
  const reply: ParsedReply = { ...understood, text: text.slice(0, limits.maxTextChars).trim() };
  if (reply.command === null) {
    // "Unsubscribe" in the subject line with an empty body is common; only a short subject counts.
    const bare = subject.replace(REPLY_PREFIX, "").trim();
    const found = bare.split(/\s+/).length <= MAX_SUBJECT_COMMAND_WORDS ? readCommand(bare) : null;
    if (found) {
      reply.command = found.command;
      reply.pauseWeeks = found.command === "pause" ? found.pauseWeeks : null;
    }
  }
  return {
    from,
    senders,
    to,
    subject,
    messageId: typeof mail.messageId === "string" ? mail.messageId : null,
    bodyHash: bodyHashOf(mail),
    autoReply,
    attachments: mail.attachments.length,
    unclear,
    size,
    reply,
  };
};

/**
 * Parses a raw inbound message (as SES stores it) into what the inbound handler needs.
 * Throws only `ReplyError`s: `MessageTooLargeError` over `limits.maxBytes` (default 1 MB),
 * `MalformedMessageError` for input that is not a message.
 *
 * @example
 * const message = await parseMessage(rawBytes);
 * if (!message.autoReply) record(message.reply); // { soreness: 6, areas: ["calves"], ... }
 */
export const parseMessage = async (raw: Buffer | string, limits: Partial<ParseLimits> = {}, own?: OwnMail): Promise<InboundMessage> => {
  const merged: ParseLimits = { ...DEFAULT_LIMITS, ...limits };
  const buffer = toBuffer(raw);
  if (buffer.length > merged.maxBytes) throw new MessageTooLargeError(buffer.length, merged.maxBytes);
  if (buffer.toString("latin1").trim() === "") throw new MalformedMessageError("the message is empty");
  const mail = await readMail(buffer);
  try {
    return toInbound(mail, buffer.length, merged, own);
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw new MalformedMessageError("the message could not be read", { cause: error });
  }
};

/**
 * The contract's `parse-reply` result for a raw message; with `own` (what Legwork sent the runner),
 * text repeating it is never read as the runner's.
 *
 * @example
 * await parseReply(rawBytes);
 * // => { soreness: 6, areas: ["calves"], redFlags: [], command: null, pauseWeeks: null, text: "Calves about a 6" }
 */
export const parseReply = async (raw: Buffer | string, own?: OwnMail): Promise<ParsedReply> => (await parseMessage(raw, {}, own)).reply;
