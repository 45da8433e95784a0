import type { Config } from "../config.js";
import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import { renderConfirmation, renderWelcome } from "../domain/render/index.js";
import type { OutgoingEmail } from "../mail/mime.js";
import { envelope } from "./envelope.js";
import type { Links } from "./links.js";

export const confirmationEmail = (config: Config, links: Links, runner: Runner, now: Date): OutgoingEmail =>
  envelope(config, {
    kind: "confirmation",
    to: runner,
    rendered: renderConfirmation({
      // No name to an address that has not confirmed: anyone can type a name beside someone else's address.
      profile: { ...profileOf(runner), name: undefined },
      confirmUrl: links.confirm(runner.id, now),
      postalAddress: config.LEGWORK_POSTAL_ADDRESS,
    }),
    messageKey: `confirm.${runner.id}.${now.getTime()}`,
    now,
  });

export const welcomeEmail = (config: Config, links: Links, runner: Runner, now: Date): OutgoingEmail =>
  envelope(config, {
    kind: "welcome",
    to: runner,
    rendered: renderWelcome({
      profile: profileOf(runner),
      firstSendAt: runner.nextSendAt ?? now.toISOString(),
      footer: {
        unsubscribeUrl: links.unsubscribe(runner.id, now),
        preferencesUrl: links.preferences(runner.id, now),
        postalAddress: config.LEGWORK_POSTAL_ADDRESS,
      },
    }),
    messageKey: `welcome.${runner.id}`,
    now,
    links,
  });
