/**
 * The reply parser: raw inbound e-mail in, a check-in out. Pure: no I/O, no clock, no env.
 * Rules are documented in README.md and at the top of each module.
 */
export { RED_FLAGS, COMMANDS, DEFAULT_LIMITS } from "./types.js";
export type { RedFlag, Command, ParsedReply, InboundMessage, ParseLimits } from "./types.js";
export { ReplyError, MessageTooLargeError, MalformedMessageError } from "./errors.js";
export { parseReplyText, unclearFlags } from "./understand.js";
export { extractNewText } from "./extract.js";
export type { MessageBody } from "./extract.js";
export { parseMessage, parseReply } from "./message.js";
export { isOutOfOfficeSubject } from "./auto-reply.js";
export { MAX_READ_CHARS } from "./text.js";
export { MIN_PAUSE_WEEKS, MAX_PAUSE_WEEKS } from "./pause-weeks.js";
export { ownMailOf, quoteOwnMail } from "./own-mail.js";
export type { OwnMail } from "./own-mail.js";
