/**
 * The envelope of every email Legwork sends, in one place: From, To, Reply-To (the runner's signed check-in
 * address), the RFC 8058 unsubscribe URL (buildMime turns it into List-Unsubscribe and List-Unsubscribe-Post),
 * Message-ID, Date, and the `type` tag the provider carries into its feedback events. The SES adapter adds
 * the configuration set it was built with.
 */
import type { Config } from "../config.js";
import type { RenderedEmail } from "../domain/render/index.js";
import type { OutgoingEmail } from "../mail/mime.js";
import type { Links } from "./links.js";

/** What each kind of email carries besides From, To and Message-ID. */
const KINDS = {
  /** The weekly lesson (or recovery week) and the welcome: list mail, with one-click unsubscribe; replies check in. */
  weekly: { replyTo: true, listUnsubscribe: true },
  welcome: { replyTo: true, listUnsubscribe: true },
  /** Answers to a runner (acknowledgement, triage, STOP/PAUSE/RESUME): they can reply to it again. */
  reply: { replyTo: true, listUnsubscribe: false },
  /** To an address nobody has confirmed yet: nothing to reply to, no list to leave. */
  confirmation: { replyTo: false, listUnsubscribe: false },
  unsubscribed: { replyTo: false, listUnsubscribe: false },
  /** The operator's sign-in link. */
  signin: { replyTo: false, listUnsubscribe: false },
} as const satisfies Record<string, { replyTo: boolean; listUnsubscribe: boolean }>;

export type EmailKind = keyof typeof KINDS;

/** The domain part of the From address, for Message-IDs. */
export const senderDomain = (from: string): string => {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match?.[1] ?? "legwork.local";
};

/** `<key@sender-domain>`; an empty key gives "" (the mailer picks one). */
export const messageIdFor = (config: Pick<Config, "LEGWORK_FROM">, key: string): string =>
  key ? `<${key}@${senderDomain(config.LEGWORK_FROM)}>` : "";

export interface EnvelopeInput {
  kind: EmailKind;
  /** The recipient: a runner (whose id signs Reply-To and the unsubscribe link), or an operator's address. */
  to: { email: string; id?: string };
  rendered: Pick<RenderedEmail, "subject" | "html" | "text">;
  /** Stable per email where a resend must be recognisably the same message, e.g. `week3.<runner>`. */
  messageKey: string;
  now: Date;
  /** Needed by the kinds with Reply-To or unsubscribe. */
  links?: Links;
}

/** One outgoing email with the envelope its kind calls for. */
export const envelope = (config: Pick<Config, "LEGWORK_FROM">, input: EnvelopeInput): OutgoingEmail => {
  const kind = KINDS[input.kind];
  const signed = (make: (links: Links, runnerId: string) => string): string => {
    if (!input.links || !input.to.id) throw new Error(`a ${input.kind} email needs the runner and links`);
    return make(input.links, input.to.id);
  };
  return {
    from: config.LEGWORK_FROM,
    to: input.to.email,
    subject: input.rendered.subject,
    html: input.rendered.html,
    text: input.rendered.text,
    ...(kind.replyTo ? { replyTo: signed((links, id) => links.replyTo(id, input.now)) } : {}),
    ...(kind.listUnsubscribe ? { unsubscribeUrl: signed((links, id) => links.unsubscribe(id, input.now)) } : {}),
    messageId: messageIdFor(config, input.messageKey),
    date: input.now,
    tags: { type: input.kind },
  };
};
