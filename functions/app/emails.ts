import type { Config } from "../config.js";
import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import type { RenderedEmail } from "../domain/render/index.js";
import { renderConfirmation, renderWelcome } from "../domain/render/index.js";
import type { OutgoingEmail } from "../mail/mime.js";
import type { Links } from "./links.js";

/** The domain part of the From address, for Message-IDs. */
export const senderDomain = (from: string): string => {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match?.[1] ?? "legwork.local";
};

const envelope = (
  config: Config,
  runner: Runner,
  rendered: RenderedEmail,
  messageId: string,
  now: Date,
  extra: Partial<OutgoingEmail> = {},
): OutgoingEmail => ({
  from: config.LEGWORK_FROM,
  to: runner.email,
  subject: rendered.subject,
  html: rendered.html,
  text: rendered.text,
  messageId: `<${messageId}@${senderDomain(config.LEGWORK_FROM)}>`,
  date: now,
  ...extra,
});

export const confirmationEmail = (config: Config, links: Links, runner: Runner, now: Date): OutgoingEmail =>
  envelope(
    config,
    runner,
    renderConfirmation({
      // No name to an address that has not confirmed: anyone can type a name beside someone else's address.
      profile: { ...profileOf(runner), name: undefined },
      confirmUrl: links.confirm(runner.id, now),
      postalAddress: config.LEGWORK_POSTAL_ADDRESS,
    }),
    `confirm.${runner.id}.${now.getTime()}`,
    now,
  );

export const welcomeEmail = (config: Config, links: Links, runner: Runner, now: Date): OutgoingEmail => {
  const unsubscribeUrl = links.unsubscribe(runner.id, now);
  return envelope(
    config,
    runner,
    renderWelcome({
      profile: profileOf(runner),
      firstSendAt: runner.nextSendAt ?? now.toISOString(),
      footer: {
        unsubscribeUrl,
        preferencesUrl: links.preferences(runner.id, now),
        postalAddress: config.LEGWORK_POSTAL_ADDRESS,
      },
    }),
    `welcome.${runner.id}`,
    now,
    { unsubscribeUrl, replyTo: links.replyTo(runner.id, now) },
  );
};
