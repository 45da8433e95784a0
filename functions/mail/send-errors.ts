/**
 * How a send can fail, as the Mailer port reports it: the SES adapter maps the SDK's errors onto these, so
 * use cases decide on retry, release or keep from a class, never from an SDK's status codes or error names.
 */

/** The provider answered, so it surely did not take the email. `transient`: the same email may succeed soon. */
export abstract class EmailNotSentError extends Error {
  abstract readonly transient: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Refused for good (a bad address, a rejected message, a suspended account): retrying sends nothing. */
export class EmailRejectedError extends EmailNotSentError {
  override readonly name = "EmailRejectedError";
  readonly transient = false;
}

/** Over the provider's send rate (SES 429 TooManyRequests, Throttling): retry after a backoff. */
export class SendThrottledError extends EmailNotSentError {
  override readonly name = "SendThrottledError";
  readonly transient = true;
}

/** The provider failed on its side (a 5xx answer): retry after a backoff. */
export class MailServiceError extends EmailNotSentError {
  override readonly name = "MailServiceError";
  readonly transient = true;
}

/**
 * No answer came back (a timeout, a reset connection): the provider may have taken the email. Retrying at
 * once could send it twice, so the caller treats it as possibly sent.
 */
export class SendOutcomeUnknownError extends Error {
  override readonly name = "SendOutcomeUnknownError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
