/**
 * The events Legwork's functions are invoked with, read at the edge: each handler parses its event here and
 * hands the use case plain input, so no use case knows an AWS event shape. Only the fields Legwork reads are
 * checked; anything else passes through. A malformed event is logged and thrown as MalformedEventError,
 * naming each bad field (never its value: events carry addresses).
 */
import * as z from "zod/mini";
import "../domain/zod-locale.js";
import { logger } from "../lib/logger.js";

export class MalformedEventError extends Error {
  override readonly name = "MalformedEventError";
  constructor(
    readonly what: string,
    readonly fields: string[],
  ) {
    super(`malformed ${what}: ${fields.join("; ")}`);
  }
}

/** Each issue as `path: message`, the path dotted (`Records.0.ses.mail.messageId`), "(event)" for the root. */
export const issuesOf = (error: z.core.$ZodError): string[] =>
  error.issues.slice(0, 10).map((issue) => `${issue.path.map(String).join(".") || "(event)"}: ${issue.message}`);

/** Parses `event` with `schema`, or logs and throws MalformedEventError naming the fields. */
export const parseEvent = <S extends z.ZodMiniType>(schema: S, event: unknown, what: string): z.output<S> => {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const error = new MalformedEventError(what, issuesOf(parsed.error));
  logger.error(`malformed ${what}`, { fields: error.fields });
  throw error;
};

const isoDate = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), { error: "must be an ISO date-time" }));

/** The EventBridge schedule's event: only its time is read (absent when a person invokes the function by hand). */
export const scheduleEventSchema = z.looseObject({ time: z.optional(isoDate) });

/** An SQS batch: each record's id (for partial-batch answers) and body. */
export const sqsEventSchema = z.looseObject({
  Records: z.array(z.looseObject({ messageId: z.string().check(z.minLength(1)), body: z.string() })),
});

const verdict = z.optional(z.looseObject({ status: z.string() }));

/** An SES receipt rule's Lambda event: which message, when, to whom, and the verdicts. */
export const sesReceiptEventSchema = z.looseObject({
  Records: z.array(
    z.looseObject({
      ses: z.looseObject({
        mail: z.looseObject({
          messageId: z.string().check(z.minLength(1)),
          timestamp: isoDate,
          destination: z.optional(z.array(z.string())),
        }),
        receipt: z.looseObject({
          timestamp: z.optional(isoDate),
          recipients: z.optional(z.array(z.string())),
          spamVerdict: verdict,
          virusVerdict: verdict,
          spfVerdict: verdict,
          dkimVerdict: verdict,
          dmarcVerdict: verdict,
        }),
      }),
    }),
  ),
});

/** One SNS record: its message (a string, parsed further by the subscriber) and its id. */
export const snsRecordSchema = z.looseObject({ Sns: z.looseObject({ Message: z.string(), MessageId: z.string() }) });

/** An SNS delivery, its records read one by one (so one bad record does not hide the others). */
export const snsEventSchema = z.looseObject({ Records: z.array(z.unknown()).check(z.minLength(1)) });
