import type { OutgoingEmail } from "../mail/mime.js";

/** Sends one email; resolves with the provider's message id once the provider accepted it. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}
