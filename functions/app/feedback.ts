import * as z from "zod/mini";
import "../domain/zod-locale.js";
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

const recipients = z._default(z.array(z.looseObject({ emailAddress: z.string() })), []);

/** The fields Legwork reads from an SES event-publishing record; anything else passes through. */
export const sesEventSchema = z
  .looseObject({
    eventType: z.optional(z.string()),
    /** Classic SES notifications say notificationType; accepted the same way. */
    notificationType: z.optional(z.string()),
    mail: z.looseObject({
      messageId: z.optional(z.string()),
      destination: z._default(z.array(z.string()), []),
      tags: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
    bounce: z.optional(z.looseObject({ bounceType: z.string(), bouncedRecipients: recipients, feedbackId: z.optional(z.string()) })),
    complaint: z.optional(
      z.looseObject({
        complainedRecipients: recipients,
        complaintFeedbackType: z.optional(z.string()),
        feedbackId: z.optional(z.string()),
      }),
    ),
    delivery: z.optional(z.looseObject({ recipients: z.optional(z.array(z.string())) })),
  })
  .check(z.refine((e) => (e.eventType ?? e.notificationType) !== undefined, { error: "eventType is required" }));

export type SesEvent = z.output<typeof sesEventSchema>;

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

/**
 * Applies one SES event. `ref` (the SNS message id) makes transient counting idempotent when SES
 * gives no feedback id.
 * @example await applySesEvent(deps, sesEventSchema.parse(JSON.parse(message)), snsMessageId);
 */
export const applySesEvent = async (deps: Deps, event: SesEvent, ref: string): Promise<FeedbackSummary> => {
  const summary = emptySummary();
  const now = deps.now();
  const admin = adminOf(deps);
  const type = event.eventType ?? event.notificationType;

  const forEachRunner = async (values: string[], act: (runnerId: string) => Promise<keyof FeedbackSummary>): Promise<void> => {
    for (const address of addresses(values)) {
      const runner = await deps.runners.getByEmail(address);
      if (!runner) {
        logger.info("feedback for an address we do not hold; ignored", { eventType: type });
        summary.ignored++;
        continue;
      }
      summary[await act(runner.id)]++;
    }
  };

  if (type === "Bounce" && event.bounce) {
    const bounce = event.bounce;
    const permanent = bounce.bounceType === "Permanent";
    await forEachRunner(
      bounce.bouncedRecipients.map((r) => r.emailAddress),
      async (runnerId) => {
        if (!permanent) {
          const count = await admin.countSoftBounce(runnerId, bounce.feedbackId ?? ref, now);
          if (count === undefined) return "ignored";
          logger.info("transient bounce counted", { runnerId, softBounces: count, bounceType: bounce.bounceType });
          if (count < SOFT_BOUNCE_LIMIT) return "softBounces";
        }
        const done = await admin.suppress(runnerId, "bounced", now);
        logger.info(done ? "runner suppressed after bounces" : "bounce for a runner already suppressed", { runnerId, permanent });
        return done ? "suppressed" : "ignored";
      },
    );
  } else if (type === "Complaint" && event.complaint) {
    // "not-spam" is a mailbox provider telling us the opposite of a complaint.
    if (event.complaint.complaintFeedbackType === "not-spam") summary.ignored++;
    else
      await forEachRunner(
        event.complaint.complainedRecipients.map((r) => r.emailAddress),
        async (runnerId) => {
          const done = await admin.suppress(runnerId, "complained", now);
          logger.warn("runner complained; suppressed for good", { runnerId });
          return done ? "suppressed" : "ignored";
        },
      );
  } else if (type === "Delivery") {
    await forEachRunner(event.delivery?.recipients ?? event.mail.destination, async (runnerId) =>
      (await admin.clearSoftBounces(runnerId)) ? "cleared" : "ignored",
    );
  } else {
    logger.info("SES event changes nothing", { eventType: type, messageId: event.mail.messageId });
    summary.ignored++;
  }
  return summary;
};

/**
 * One SNS message body: JSON, then the SES event schema. Anything else is logged (without content) and
 * counted as malformed; it never throws for bad input, so one bad message cannot block the others.
 */
export const handleFeedbackMessage = async (deps: Deps, message: unknown, ref: string): Promise<FeedbackSummary> => {
  let json: unknown;
  try {
    json = typeof message === "string" ? JSON.parse(message) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = sesEventSchema.safeParse(json);
  if (!parsed.success) {
    logger.warn("feedback message is not an SES event; dropped", {
      ref,
      issues: parsed.error.issues.map((i) => i.path.join(".")).slice(0, 5),
    });
    return { ...emptySummary(), malformed: 1 };
  }
  return applySesEvent(deps, parsed.data, ref);
};
