import { EmailRejectedError, MailServiceError, SendOutcomeUnknownError, SendThrottledError } from "../../mail/send-errors.js";

const THROTTLE_NAMES = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling"]);

/** What the SDK puts on the errors it throws: the HTTP status of SES's answer, if one came, and whose fault. */
interface SdkErrorShape {
  name?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * An SES SDK error as the Mailer port's named errors. Without an HTTP status, no answer came (the response was
 * lost), so SES may have taken the email; with one, SES answered and did not take it.
 */
export const sendErrorOf = (error: unknown): Error => {
  const sdk = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const name = sdk.name ?? "unknown";
  const status = sdk.$metadata?.httpStatusCode;
  const options = { cause: error };
  if (status === undefined) return new SendOutcomeUnknownError(`SES SendEmail got no answer (${name})`, options);
  const what = `SES SendEmail answered ${status} ${name}`;
  if (THROTTLE_NAMES.has(name) || status === 429) return new SendThrottledError(what, options);
  if (status >= 500 || sdk.$fault === "server") return new MailServiceError(what, options);
  return new EmailRejectedError(what, options);
};
