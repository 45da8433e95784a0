import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { SESEvent } from "aws-lambda";
import type { InboundOutcome } from "../app/inbound.js";
import { processSesEvent } from "../app/inbound.js";
import { recordInboundMetrics } from "../app/outcome-metrics.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../lib/metrics.js";
import type { Deps } from "../wiring.js";
import { getDeps } from "../wiring.js";

/**
 * The inbound Lambda: SES receipt rule → (S3 action stores the raw message) → this handler.
 * Thin: it reads the stored message, hands it to the use case, and removes the inbound copy
 * (an accepted reply is kept under replies/<runner>/ for the runner's data rights).
 */
export const createInboundHandler = (load: () => Promise<Deps>) =>
  middy<SESEvent, InboundOutcome[]>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async function inboundHandler(event) {
      const outcomes = await processSesEvent(await load(), event);
      recordInboundMetrics(outcomes);
      return outcomes;
    });

export const handler = createInboundHandler(() => getDeps());
