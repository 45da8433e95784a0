import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import type { RenderedEmail } from "../domain/render/index.js";
import { PROGRAMME_WEEKS, renderTriage } from "../domain/render/index.js";
import { logger } from "../lib/logger.js";
import type { OutgoingEmail } from "../mail/mime.js";
import type { Deps } from "../wiring.js";
import { envelope } from "./envelope.js";
import type { Links } from "./links.js";
import { linksOf } from "./links.js";

export const footerOf = (deps: Deps, links: Links, runner: Runner, now: Date) => ({
  unsubscribeUrl: links.unsubscribe(runner.id, now),
  preferencesUrl: links.preferences(runner.id, now),
  postalAddress: deps.config.LEGWORK_POSTAL_ADDRESS,
});

/** A reply-type email to a runner: their signed Reply-To, and a Message-ID from `messageKey` ("" lets the mailer pick). */
export const replyEnvelope = (
  deps: Deps,
  runner: Runner,
  rendered: RenderedEmail,
  messageKey: string,
  links: Links,
  now: Date,
): OutgoingEmail => envelope(deps.config, { kind: "reply", to: runner, rendered, messageKey, now, links });

export const sendReply = (deps: Deps, runner: Runner, rendered: RenderedEmail, messageKey: string, links: Links, now: Date) =>
  deps.mailer.send(replyEnvelope(deps, runner, rendered, messageKey, links, now));

/**
 * A red flag, from a reply or a check-in page: hold the programme (no end date), alert the operator,
 * and send the careful triage reply. Red flags always win over encouragement. With `unsubscribe`
 * (the reply also said STOP) the same triage reply says so, with the undo link, instead of "reply
 * RESUME", and the runner is unsubscribed once it has gone (the hold already stops every email).
 *
 * Every step is safe to repeat, and the order is what a redelivery needs after a failure: the operator
 * hears first, even if SES is failing; and a runner who is only held (paused) still gets the redo,
 * where an unsubscribed one would be dropped by the inbound status screen before the triage email went.
 */
export const triage = async (
  deps: Deps,
  runner: Runner,
  input: { redFlags: string[]; areas: Runner["soreAreas"]; messageKey: string; now: Date; unsubscribe?: { undoUrl: string } },
): Promise<void> => {
  await deps.runners.holdForTriage(runner.id, input.now);
  await deps.alerts.redFlag({ runnerId: runner.id, redFlags: input.redFlags });
  const links = linksOf(deps);
  const rendered = renderTriage({
    profile: profileOf(runner),
    redFlags: input.redFlags,
    areas: input.areas,
    resumeHint: input.unsubscribe ? "" : `Your plan picks up where you left off, at week ${Math.min(runner.week + 1, PROGRAMME_WEEKS)}.`,
    ...(input.unsubscribe ? { unsubscribedUndoUrl: input.unsubscribe.undoUrl } : {}),
    footer: footerOf(deps, links, runner, input.now),
  });
  await sendReply(deps, runner, rendered, input.messageKey, links, input.now);
  if (input.unsubscribe) await deps.runners.unsubscribe(runner.id, input.now);
  logger.info("red flag triage sent", { runnerId: runner.id, redFlags: input.redFlags });
};
