/** The SES event-publishing record inside each SNS feedback notification, read into the use case's MailFeedback. */
import * as z from "zod/mini";
import "../domain/zod-locale.js";
import type { FeedbackSummary, MailFeedback } from "../app/feedback.js";
import { applyFeedback, emptySummary } from "../app/feedback.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import { issuesOf } from "./events.js";

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
  .check(z.refine((e) => (e.eventType ?? e.notificationType) !== undefined, { error: "eventType is required", path: ["eventType"] }));

export type SesEvent = z.output<typeof sesEventSchema>;

/** What an SES event says, in the use case's terms. */
export const feedbackOf = (event: SesEvent): MailFeedback => {
  const type = event.eventType ?? event.notificationType ?? "";
  const { bounce, complaint } = event;
  if (type === "Bounce" && bounce)
    return {
      kind: "bounce",
      permanent: bounce.bounceType === "Permanent",
      bounceType: bounce.bounceType,
      recipients: bounce.bouncedRecipients.map((r) => r.emailAddress),
      feedbackId: bounce.feedbackId,
    };
  if (type === "Complaint" && complaint)
    return {
      kind: "complaint",
      notSpam: complaint.complaintFeedbackType === "not-spam",
      recipients: complaint.complainedRecipients.map((r) => r.emailAddress),
    };
  if (type === "Delivery") return { kind: "delivery", recipients: event.delivery?.recipients ?? event.mail.destination };
  return { kind: "other", eventType: type, messageId: event.mail.messageId };
};

/** One SNS message body as feedback: JSON, then the SES event schema; undefined (logged, naming the fields) when it is not one. */
export const parseFeedbackMessage = (message: unknown, ref: string): MailFeedback | undefined => {
  let json: unknown;
  try {
    json = typeof message === "string" ? JSON.parse(message) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = sesEventSchema.safeParse(json);
  if (parsed.success) return feedbackOf(parsed.data);
  logger.error("malformed SES feedback event; dropped", {
    ref,
    fields: json === undefined ? ["(message): not JSON"] : issuesOf(parsed.error),
  });
  return undefined;
};

/**
 * One SNS message body, parsed and applied. Anything that is not an SES event is logged (its fields, never its
 * content) and counted as malformed; it never throws for bad input, so one bad message cannot block the others.
 */
export const handleFeedbackMessage = async (deps: Deps, message: unknown, ref: string): Promise<FeedbackSummary> => {
  const feedback = parseFeedbackMessage(message, ref);
  return feedback ? applyFeedback(deps, feedback, ref) : { ...emptySummary(), malformed: 1 };
};
