import { randomUUID } from "node:crypto";
import type { SNSEvent } from "aws-lambda";
import { normaliseEmail } from "../../functions/domain/profile.js";
import { cliDeps, explainConnection } from "../shared/deps.js";
import type { CliIo, FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";
import { confirmChange, invokeFunction } from "../shared/target.js";

export type FeedbackKind = "bounce" | "complaint" | "delivery";

const TOPIC_ARN = "arn:aws:sns:eu-west-1:000000000000:legwork-feedback";

/** The bounce part of an SES record: permanent (user unknown) or transient (mailbox full). */
const bounceOf = (email: string, transient: boolean, feedbackId: string, timestamp: string) => ({
  feedbackId,
  timestamp,
  bounceType: transient ? "Transient" : "Permanent",
  bounceSubType: transient ? "MailboxFull" : "General",
  reportingMTA: "dns; legwork.local",
  bouncedRecipients: [
    {
      emailAddress: email,
      action: "failed",
      status: transient ? "4.2.2" : "5.1.1",
      diagnosticCode: transient ? "smtp; 452 4.2.2 mailbox full" : "smtp; 550 5.1.1 user unknown",
    },
  ],
});

/** An SES event-publishing record for one recipient, as the configuration set sends it. */
export const sesFeedbackRecord = (input: {
  kind: FeedbackKind;
  email: string;
  transient?: boolean;
  now: Date;
}): Record<string, unknown> => {
  const timestamp = input.now.toISOString();
  const mail = {
    timestamp,
    source: "coach@legwork.local",
    sendingAccountId: "000000000000",
    messageId: `local-${randomUUID()}`,
    destination: [input.email],
    headersTruncated: false,
    tags: { "ses:configuration-set": ["legwork-local"], "ses:operation": ["SendEmail"] },
  };
  const feedbackId = `local-${randomUUID()}`;
  if (input.kind === "bounce")
    return {
      eventType: "Bounce",
      mail,
      bounce: bounceOf(input.email, input.transient === true, feedbackId, timestamp),
    };
  if (input.kind === "complaint")
    return {
      eventType: "Complaint",
      mail,
      complaint: {
        feedbackId,
        timestamp,
        arrivalDate: timestamp,
        userAgent: "legwork-cli",
        complaintFeedbackType: "abuse",
        complainedRecipients: [{ emailAddress: input.email }],
      },
    };
  return {
    eventType: "Delivery",
    mail,
    delivery: {
      timestamp,
      processingTimeMillis: 100,
      recipients: [input.email],
      smtpResponse: "250 2.0.0 OK",
      reportingMTA: "legwork.local",
    },
  };
};

/** The SNS event the feedback Lambda receives, wrapping `message` (an SES record or any raw text). */
export const snsEvent = (message: string, now = new Date()): SNSEvent => ({
  Records: [
    {
      EventSource: "aws:sns",
      EventVersion: "1.0",
      EventSubscriptionArn: `${TOPIC_ARN}:${randomUUID()}`,
      Sns: {
        Type: "Notification",
        MessageId: randomUUID(),
        TopicArn: TOPIC_ARN,
        Message: message,
        Timestamp: now.toISOString(),
        SignatureVersion: "1",
        Signature: "local",
        SigningCertUrl: "https://sns.local/cert.pem",
        UnsubscribeUrl: "https://sns.local/unsubscribe",
        MessageAttributes: {},
      },
    },
  ],
});

export const USAGE = "usage: legwork feedback bounce|complaint|delivery EMAIL [--transient]";
export const FLAGS: FlagSpec = { switches: ["transient"] };

/**
 * `legwork feedback bounce|complaint EMAIL [--transient]`: builds the SNS/SES event SES would publish
 * and runs the real feedback handler against the local stack. Prints the handler's summary.
 */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options, positional } = parseArgs(argv);
  // `--transient EMAIL` would read EMAIL as the flag's value: give it back.
  if (typeof options["transient"] === "string") positional.push(options["transient"]);
  const [kind, email, ...extra] = positional;
  if ((kind !== "bounce" && kind !== "complaint" && kind !== "delivery") || !email || extra.length > 0) {
    const why =
      kind === undefined
        ? "say bounce, complaint or delivery"
        : !["bounce", "complaint", "delivery"].includes(kind)
          ? `unknown event "${kind}"`
          : !email
            ? "an EMAIL is needed"
            : `unexpected argument "${extra[0]}"`;
    io.stderr(`feedback: ${why}\n${USAGE}`);
    return 2;
  }
  if (options["transient"] !== undefined && kind !== "bounce") {
    io.stderr(`feedback: --transient applies to bounces only\n${USAGE}`);
    return 2;
  }
  const now = new Date();
  const record = sesFeedbackRecord({ kind, email, transient: options["transient"] !== undefined, now });
  try {
    const deps = await cliDeps();
    if (!(await deps.runners.getByEmail(normaliseEmail(email)))) {
      io.stderr(`feedback: no subscriber has the address ${email}; nothing changed`);
      return 1;
    }
    if (!(await confirmChange(io, `feedback ${kind} changes what Legwork sends to ${email}`))) return 2;
    io.stdout(JSON.stringify(await invokeFunction("feedback", snsEvent(JSON.stringify(record), now))));
    return 0;
  } catch (error) {
    throw explainConnection(error);
  }
};
