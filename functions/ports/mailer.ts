import type { OutgoingEmail } from "../mail/mime.js";

/** Sends one email; resolves with the provider's message id once the provider accepted it. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

/** The provider's 24-hour sending quota. max24HourSend is -1 for an unlimited account. */
export interface SendingQuota {
  max24HourSend: number;
  sentLast24Hours: number;
}

/** The sending account's limits, read from the provider (SES GetAccount). */
export interface SendingAccount {
  /** The 24-hour quota, or undefined when the provider reports none. */
  sendQuota(): Promise<SendingQuota | undefined>;
  /** Emails per second the account may send, for pacing. */
  maxSendRate(): Promise<number | undefined>;
}

/** A mailer that can also tell its account's limits. */
export type AccountMailer = Mailer & SendingAccount;
