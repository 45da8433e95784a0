import { DynamoSubscriberAdmin } from "../adapters/dynamodb/subscribers.js";
import { normaliseEmail } from "../domain/profile.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";

/**
 * SES feedback (configuration-set event publishing via SNS) → runner suppression.
 *
 * - Permanent bounce: status "bounced" at once; out of the due index; never mailed again.
 * - Transient (or undetermined) bounce: counted in `softBounces` (idempotent per SES feedback id).
 *   SOFT_BOUNCE_LIMIT in a row suppresses like a permanent bounce; a Delivery event resets the count.
 *   At one email a week, three in a row is three weeks of a full mailbox or a failing server.
 * - Complaint: status "complained", final; nothing (signup, resubscribe, import) reactivates it.
 * - Delivery: resets the transient count. Reject (SES refused the message itself, e.g. a virus)
 *   says nothing about the recipient and is only logged.
 * Unknown addresses are ignored. Logs carry runner ids, never addresses.
 */
export const SOFT_BOUNCE_LIMIT = 3;

/** One feedback event from the mail provider, as the feedback handler reads it (handlers/feedback-event.ts). */
export type MailFeedback =
  | { kind: "bounce"; permanent: boolean; bounceType: string; recipients: string[]; feedbackId?: string | undefined }
  /** `notSpam`: a mailbox provider telling us the opposite of a complaint. */
  | { kind: "complaint"; notSpam: boolean; recipients: string[] }
  | { kind: "delivery"; recipients: string[] }
  /** Anything else (Reject, Open, Send…): changes nothing. */
  | { kind: "other"; eventType: string; messageId?: string | undefined };

export interface FeedbackSummary {
  /** Runners set to bounced or complained. */
  suppressed: number;
  /** Transient bounces counted (below the limit). */
  softBounces: number;
  /** Transient counts reset by a delivery. */
  cleared: number;
  /** Addresses we do not know, duplicates, events that change nothing. */
  ignored: number;
  /** Messages that are not SES events. */
  malformed: number;
}

export const emptySummary = (): FeedbackSummary => ({ suppressed: 0, softBounces: 0, cleared: 0, ignored: 0, malformed: 0 });

export const addSummaries = (a: FeedbackSummary, b: FeedbackSummary): FeedbackSummary => ({
  suppressed: a.suppressed + b.suppressed,
  softBounces: a.softBounces + b.softBounces,
  cleared: a.cleared + b.cleared,
  ignored: a.ignored + b.ignored,
  malformed: a.malformed + b.malformed,
});

/** The bare, normalised address of `Name <a@b>` or `a@b`; undefined for anything that is not one. */
const addressOf = (value: string): string | undefined => {
  const bare = /<([^<>]*)>\s*$/.exec(value)?.[1] ?? value;
  const address = normaliseEmail(bare);
  return address.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
};

const addresses = (values: string[]): string[] => [...new Set(values.map(addressOf).filter((a): a is string => a !== undefined))];

const adminOf = (deps: Deps): DynamoSubscriberAdmin => new DynamoSubscriberAdmin(deps.doc, deps.config.LEGWORK_TABLE);

/** Looks up each address's runner and counts what `act` did; an address we do not hold is ignored. */
const forEachRunner = async (
  deps: Deps,
  summary: FeedbackSummary,
  values: string[],
  act: (runnerId: string) => Promise<keyof FeedbackSummary>,
): Promise<void> => {
  for (const address of addresses(values)) {
    const runner = await deps.runners.getByEmail(address);
    if (!runner) {
      logger.info("feedback for an address we do not hold; ignored");
      summary.ignored++;
      continue;
    }
    summary[await act(runner.id)]++;
  }
};

/** A transient bounce is counted (idempotent per feedback id); a permanent one, or the limit reached, suppresses. */
const applyBounce = (deps: Deps, bounce: Extract<MailFeedback, { kind: "bounce" }>, ref: string, now: Date) => async (runnerId: string) => {
  const admin = adminOf(deps);
  if (!bounce.permanent) {
    const count = await admin.countSoftBounce(runnerId, bounce.feedbackId ?? ref, now);
    if (count === undefined) return "ignored" as const;
    logger.info("transient bounce counted", { runnerId, softBounces: count, bounceType: bounce.bounceType });
    if (count < SOFT_BOUNCE_LIMIT) return "softBounces" as const;
  }
  const done = await admin.suppress(runnerId, "bounced", now);
  logger.info(done ? "runner suppressed after bounces" : "bounce for a runner already suppressed", {
    runnerId,
    permanent: bounce.permanent,
  });
  return done ? ("suppressed" as const) : ("ignored" as const);
};

/**
 * Applies one feedback event. `ref` (the notification's id) makes transient counting idempotent when the
 * provider gives no feedback id.
 */
export const applyFeedback = async (deps: Deps, feedback: MailFeedback, ref: string): Promise<FeedbackSummary> => {
  const summary = emptySummary();
  const now = deps.now();
  if (feedback.kind === "bounce") await forEachRunner(deps, summary, feedback.recipients, applyBounce(deps, feedback, ref, now));
  else if (feedback.kind === "complaint" && feedback.notSpam) summary.ignored++;
  else if (feedback.kind === "complaint")
    await forEachRunner(deps, summary, feedback.recipients, async (runnerId) => {
      const done = await adminOf(deps).suppress(runnerId, "complained", now);
      logger.warn("runner complained; suppressed for good", { runnerId });
      return done ? "suppressed" : "ignored";
    });
  else if (feedback.kind === "delivery")
    await forEachRunner(deps, summary, feedback.recipients, async (runnerId) =>
      (await adminOf(deps).clearSoftBounces(runnerId)) ? "cleared" : "ignored",
    );
  else {
    logger.info("feedback event changes nothing", { eventType: feedback.eventType, messageId: feedback.messageId });
    summary.ignored++;
  }
  return summary;
};
