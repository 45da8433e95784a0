import { LegworkError } from "../errors.js";

/** Base class of every error the reply parser raises on purpose. */
export class ReplyError extends LegworkError {}

/** The raw message is bigger than the configured limit; it was not parsed. */
export class MessageTooLargeError extends ReplyError {
  constructor(
    readonly size: number,
    readonly limit: number,
    options?: ErrorOptions,
  ) {
    super(`message is ${size} bytes, over the ${limit}-byte limit`, options);
  }
}

/** The input is not a readable RFC 5322 message. */
export class MalformedMessageError extends ReplyError {}
