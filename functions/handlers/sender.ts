import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { senderDeps } from "../app/dispatch-deps.js";
import { sendQueued } from "../app/fanout.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../lib/metrics.js";
import type { Deps } from "../wiring.js";
import { getDeps } from "../wiring.js";
import { parseEvent, sqsEventSchema } from "./events.js";

/**
 * The fan-out sender: SQS (ten runners a batch) → claim, send, advance each, with partial-batch
 * responses so SQS delivers only the failed ones again. Thin: the work is in app/fanout.ts.
 */
export const createSenderHandler = (load: () => Promise<Deps>) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async function senderHandler(event, context: Context) {
      const { Records } = parseEvent(sqsEventSchema, event, "SQS send batch");
      const deps = senderDeps(await load());
      const { batchItemFailures } = await sendQueued(deps, {
        records: Records,
        remainingMs: () => context.getRemainingTimeInMillis(),
      });
      return { batchItemFailures };
    });

export const handler = createSenderHandler(getDeps);
