import { isOperator } from "../../config.js";
import { LegworkError } from "../../domain/errors.js";
import type { Runner } from "../../domain/profile.js";
import { profileOf } from "../../domain/profile.js";
import type { RenderedEmail } from "../../domain/render/index.js";
import { PROGRAMME_WEEKS, renderAck, renderCommandReply, renderTriage, renderUnsubscribed } from "../../domain/render/index.js";
import { nextSendAt } from "../../domain/schedule.js";
import { randomId } from "../../lib/random-id.js";
import type { OutgoingEmail } from "../../mail/mime.js";
import type { Deps } from "../../wiring.js";
import { planSend, weeklyEmail } from "../dispatch.js";
import { confirmationEmail, welcomeEmail } from "../emails.js";
import { messageIdFor } from "../envelope.js";
import { linksOf } from "../links.js";
import { footerOf, replyEnvelope } from "../triage.js";
import { operatorStoreOf } from "./auth.js";

export const TEST_SEND_TYPES = ["weekly", "confirmation", "welcome", "ack", "triage", "stop", "pause", "resume", "unsubscribed"] as const;
export type TestSendType = (typeof TEST_SEND_TYPES)[number];

/** The address is not on the operator list: nothing is sent. */
export class NotAnOperatorError extends LegworkError {}

const WEEK_MS = 7 * 86_400_000;

/** The email of `type` exactly as Legwork builds it for `runner` (the sample runner, or a profile file's). */
const buildEmail = (deps: Deps, type: TestSendType, runner: Runner, now: Date): OutgoingEmail => {
  const links = linksOf(deps);
  const footer = footerOf(deps, links, runner, now);
  const profile = profileOf(runner);
  const latest = runner.recentCheckins?.at(-1);
  const next = nextSendAt(runner, now).toISOString();
  const render = (rendered: RenderedEmail) => replyEnvelope(deps, runner, rendered, "", links, now);
  switch (type) {
    case "weekly":
      return weeklyEmail(deps.config, links, runner, planSend(runner), now);
    case "confirmation":
      return confirmationEmail(deps.config, links, runner, now);
    case "welcome":
      return welcomeEmail(deps.config, links, { ...runner, nextSendAt: next }, now);
    case "ack":
      return render(renderAck({ profile, soreness: latest?.soreness ?? 5, areas: latest?.areas ?? runner.soreAreas, footer }));
    case "triage": {
      const redFlags = latest?.redFlags.length ? latest.redFlags : ["sharp_pain"];
      const resumeHint = `Your plan picks up where you left off, at week ${Math.min(runner.week + 1, PROGRAMME_WEEKS)}.`;
      return render(renderTriage({ profile, redFlags, areas: latest?.areas ?? runner.soreAreas, resumeHint, footer }));
    }
    case "stop":
      return render(renderCommandReply({ profile, command: "stop", undoUrl: footer.unsubscribeUrl, footer }));
    case "pause":
      return render(
        renderCommandReply({ profile, command: "pause", pausedUntil: new Date(now.getTime() + 2 * WEEK_MS).toISOString(), footer }),
      );
    case "resume":
      return render(renderCommandReply({ profile, command: "resume", nextSendAt: next, footer }));
    case "unsubscribed":
      return render(
        renderUnsubscribed({
          profile,
          resubscribeUrl: footer.unsubscribeUrl,
          postalAddress: footer.postalAddress,
          preferencesUrl: footer.preferencesUrl,
        }),
      );
  }
};

/**
 * Sends one of Legwork's emails, exactly as built for a runner (real MIME through the same mailer), to an
 * address on the operator list, with the subject prefixed "[Test]". Any other address: NotAnOperatorError,
 * and nothing is sent. `runner` stands for the recipient's profile; its address is replaced by `to`.
 */
export const testSend = async (
  deps: Deps,
  input: { to: string; type: TestSendType; runner: Runner; operator?: string },
): Promise<{ to: string; type: TestSendType; subject: string; messageId: string }> => {
  if (!isOperator(deps.config, input.to))
    throw new NotAnOperatorError(`${input.to} is not on the operator list (LEGWORK_OPERATOR_EMAILS / operatorEmails)`);
  const now = deps.now();
  const to = input.to.trim().toLowerCase();
  const email = buildEmail(deps, input.type, { ...input.runner, email: to }, now);
  const messageId = messageIdFor(deps.config, `test.${input.type}.${randomId(12)}`);
  const subject = `[Test] ${email.subject}`;
  await deps.mailer.send({ ...email, to, subject, messageId });
  await operatorStoreOf(deps).logAction({
    at: now.toISOString(),
    operator: input.operator ?? "cli",
    action: "test-send",
    detail: input.type,
  });
  return { to, type: input.type, subject, messageId };
};
