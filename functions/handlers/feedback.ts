import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { SNSEvent } from "aws-lambda";
import type { FeedbackSummary } from "../app/feedback.js";
import { addSummaries, emptySummary, handleFeedbackMessage } from "../app/feedback.js";
import { recordFeedbackMetrics } from "../app/outcome-metrics.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../lib/metrics.js";
import type { Deps } from "../wiring.js";
import { getDeps } from "../wiring.js";

/**
 * The feedback Lambda: SES bounce/complaint/delivery events arrive through the configuration set's
 * SNS topic. Thin: it only wires. A malformed record is counted and dropped; a DynamoDB failure throws,
 * so SNS retries the delivery (each action is idempotent).
 */
export const createFeedbackHandler = (load: () => Promise<Deps>) =>
  middy<Partial<SNSEvent> | null, FeedbackSummary>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async function feedbackHandler(event) {
      const deps = await load();
      let summary = emptySummary();
      const records: unknown[] = Array.isArray(event?.Records) ? event.Records : [];
      if (records.length === 0) summary.malformed++;
      for (const record of records) {
        const sns = (record as { Sns?: { Message?: unknown; MessageId?: unknown } } | null)?.Sns;
        const ref = typeof sns?.MessageId === "string" ? sns.MessageId : "unknown";
        summary = addSummaries(summary, await handleFeedbackMessage(deps, sns?.Message, ref));
        recordFeedbackMetrics([sns?.Message]);
      }
      logger.info("feedback processed", { ...summary });
      return summary;
    });

// Feedback never signs or verifies a link: it does not read the token secret (nor may it).
export const handler = createFeedbackHandler(() => getDeps({ keys: false }));
