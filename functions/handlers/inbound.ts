import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { InboundOutcome } from "../app/inbound.js";
import type { InboundDelivery } from "../app/inbound-deliveries.js";
import { processDeliveries } from "../app/inbound-deliveries.js";
import { recordInboundMetrics } from "../app/outcome-metrics.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../lib/metrics.js";
import type { Deps } from "../wiring.js";
import { getDeps } from "../wiring.js";
import { parseEvent, sesReceiptEventSchema } from "./events.js";

/** A verdict SES did not give is GRAY: it neither passes nor fails a screen. */
const statusOf = (verdict: { status: string } | undefined): string => verdict?.status ?? "GRAY";

/** The receipt event's messages as deliveries: what SES received, when, for whom, and its verdicts. */
export const deliveriesOf = (event: unknown): InboundDelivery[] =>
  parseEvent(sesReceiptEventSchema, event, "SES receipt event").Records.map(({ ses: { mail, receipt } }) => ({
    messageId: mail.messageId,
    receivedAt: receipt.timestamp ?? mail.timestamp,
    recipients: receipt.recipients ?? mail.destination ?? [],
    verdicts: {
      spam: statusOf(receipt.spamVerdict),
      virus: statusOf(receipt.virusVerdict),
      spf: statusOf(receipt.spfVerdict),
      dkim: statusOf(receipt.dkimVerdict),
      dmarc: statusOf(receipt.dmarcVerdict),
    },
  }));

/**
 * The inbound Lambda: SES receipt rule → (S3 action stores the raw message) → this handler. Thin: it
 * reads the event's deliveries and hands them to the use case, which reads each stored message, handles
 * it, and removes the inbound copy (an accepted reply is kept under replies/<runner>/ for data rights).
 */
export const createInboundHandler = (load: () => Promise<Deps>) =>
  middy<unknown, InboundOutcome[]>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async function inboundHandler(event) {
      const deliveries = deliveriesOf(event);
      const outcomes = await processDeliveries(await load(), deliveries);
      recordInboundMetrics(outcomes);
      return outcomes;
    });

export const handler = createInboundHandler(getDeps);
