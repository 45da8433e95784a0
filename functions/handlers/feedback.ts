import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { FeedbackSummary, MailFeedback } from "../app/feedback.js";
import { addSummaries, applyFeedback, emptySummary } from "../app/feedback.js";
import { recordFeedbackMetrics } from "../app/outcome-metrics.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../lib/metrics.js";
import type { Deps } from "../wiring.js";
import { getDeps } from "../wiring.js";
import { issuesOf, snsEventSchema, snsRecordSchema } from "./events.js";
import { parseFeedbackMessage } from "./feedback-event.js";

/** Each record's feedback and notification id, or undefined for a record that is not one (logged, naming the fields). */
export const feedbackRecordsOf = (event: unknown): ({ feedback: MailFeedback; ref: string } | undefined)[] => {
  const parsed = snsEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.error("malformed SNS feedback event; dropped", { fields: issuesOf(parsed.error) });
    return [undefined];
  }
  return parsed.data.Records.map((record, i) => {
    const sns = snsRecordSchema.safeParse(record);
    if (!sns.success) {
      logger.error("malformed SNS record; dropped", { fields: issuesOf(sns.error).map((f) => `Records.${i}.${f}`) });
      return undefined;
    }
    const feedback = parseFeedbackMessage(sns.data.Sns.Message, sns.data.Sns.MessageId);
    return feedback && { feedback, ref: sns.data.Sns.MessageId };
  });
};

/**
 * The feedback Lambda: SES bounce/complaint/delivery events arrive through the configuration set's
 * SNS topic. Thin: it reads each record into feedback and hands it on. A malformed record is logged,
 * counted and dropped; a DynamoDB failure throws, so SNS retries the delivery (each action is idempotent).
 */
export const createFeedbackHandler = (load: () => Promise<Deps>) =>
  middy<unknown, FeedbackSummary>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async function feedbackHandler(event) {
      const deps = await load();
      let summary = emptySummary();
      const records = feedbackRecordsOf(event);
      for (const record of records) {
        if (!record) summary.malformed++;
        else summary = addSummaries(summary, await applyFeedback(deps, record.feedback, record.ref));
      }
      recordFeedbackMetrics(records.flatMap((record) => (record ? [record.feedback] : [])));
      logger.info("feedback processed", { ...summary });
      return summary;
    });

// Feedback never signs or verifies a link: it does not read the token secret (nor may it).
export const handler = createFeedbackHandler(() => getDeps({ keys: false }));
